#!/usr/bin/env python3
"""Stable-Baselines3's PPO at the PPO paper's settings (horizon 2048, 10 epochs, minibatch 64,
64-64 tanh, Adam 3e-4), CPU, one thread: the reference the Swift benchmark
(`make bench-ppo`, Benchmarks/ppo-benchmark) runs in the same session.

MuJoCo ids (HalfCheetah-v5, Hopper-v5, ...) get the settings of tools/sb3_ppo_mujoco.py (its
`build_model`): besides the above, running observation normalisation (VecNormalize, not clipped),
no gradient clipping, separate 64-64 tanh networks, log sigma starting at 0. Classic-control ids
are built exactly as before (SB3's defaults beyond the arguments above).

Not needed to build, run or test the suite. Needs `pip install stable-baselines3`.
Usage: bench_sb3.py --env CartPole-v1|HalfCheetah-v5 --mode training|rollouts --steps N
Prints one JSON line: {"steps_per_second": ..., "peak_rss_kib": ..., "version": "..."}.
"""
import os
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"   # before torch is imported
import argparse, json, resource, sys, time

import gymnasium
import stable_baselines3
import torch
from stable_baselines3 import PPO


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", required=True)
    ap.add_argument("--mode", choices=["training", "rollouts"], required=True)
    ap.add_argument("--steps", type=int, required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    entry_point = gymnasium.spec(args.env).entry_point
    if isinstance(entry_point, str) and entry_point.startswith("gymnasium.envs.mujoco"):
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import sb3_ppo_mujoco   # imported only here: classic control needs no mujoco
        model = sb3_ppo_mujoco.build_model(args.env, seed=1)
    else:
        model = PPO("MlpPolicy", args.env, n_steps=2048, batch_size=64, n_epochs=10, learning_rate=3e-4,
                    gamma=0.99, gae_lambda=0.95, clip_range=0.2, device="cpu", seed=1, verbose=0)
    start = time.perf_counter()
    if args.mode == "training":
        model.learn(total_timesteps=args.steps)
        steps = model.num_timesteps
    else:
        _, callback = model._setup_learn(args.steps, callback=None)
        callback.on_training_start(locals(), globals())
        steps = 0
        while steps < args.steps:
            model.collect_rollouts(model.env, callback, model.rollout_buffer, n_rollout_steps=model.n_steps)
            steps += model.n_steps
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "steps_per_second": steps / elapsed,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "version": f"Stable-Baselines3 {stable_baselines3.__version__}, PyTorch {torch.__version__}, "
                   f"Gymnasium {gymnasium.__version__}, torch threads {torch.get_num_threads()}",
    }))


if __name__ == "__main__":
    main()
