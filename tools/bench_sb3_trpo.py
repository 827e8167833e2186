#!/usr/bin/env python3
"""sb3-contrib's TRPO at the settings of the suite's TRPO benchmark (Benchmarks/trpo-benchmark), CPU,
one thread, measured in the same run as the Swift side (`make bench-trpo`).

Settings (Duan et al. 2016 and rllab's defaults, as the Swift side): batch n_steps=4000, target_kl=0.01,
cg_max_steps=10, cg_damping=1e-5, line_search_shrinking_factor=0.8, line_search_max_iter=15,
gamma=0.99, gae_lambda=1.0, tanh policy 32-32 (100-50-25 on MuJoCo tasks). sb3-contrib trains an MLP
critic of the policy's size where the suite fits rllab's linear baseline; it is given its cheapest
setting, one full-batch Adam step per iteration (n_critic_updates=1, batch_size=4000).

Not needed to build, run or test the suite. Needs `pip install stable-baselines3 sb3-contrib`.
Usage: bench_sb3_trpo.py --env CartPole-v1|Pendulum-v1|HalfCheetah-v5 --steps N
Prints one JSON line: {"steps_per_second": ..., "peak_rss_kib": ..., "version": "..."}.
"""
import os
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"   # before torch is imported
import argparse, json, resource, time

import gymnasium
import sb3_contrib
import stable_baselines3
import torch
from sb3_contrib import TRPO


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", required=True)
    ap.add_argument("--steps", type=int, required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    entry_point = gymnasium.spec(args.env).entry_point
    mujoco = isinstance(entry_point, str) and entry_point.startswith("gymnasium.envs.mujoco")
    hidden = [100, 50, 25] if mujoco else [32, 32]
    model = TRPO("MlpPolicy", args.env, n_steps=4000, batch_size=4000, n_critic_updates=1, target_kl=0.01,
                 cg_max_steps=10, cg_damping=1e-5, line_search_shrinking_factor=0.8, line_search_max_iter=15,
                 gamma=0.99, gae_lambda=1.0,
                 policy_kwargs=dict(net_arch=dict(pi=hidden, vf=hidden), activation_fn=torch.nn.Tanh),
                 device="cpu", seed=1, verbose=0)
    start = time.perf_counter()
    model.learn(total_timesteps=args.steps)
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "steps_per_second": model.num_timesteps / elapsed,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "version": f"sb3-contrib {sb3_contrib.__version__}, Stable-Baselines3 {stable_baselines3.__version__}, "
                   f"PyTorch {torch.__version__}, Gymnasium {gymnasium.__version__}, torch threads {torch.get_num_threads()}",
    }))


main()
