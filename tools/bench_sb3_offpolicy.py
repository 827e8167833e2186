#!/usr/bin/env python3
"""Stable-Baselines3's SAC, TD3 and DDPG, CPU, one thread: the reference the Swift benchmark
(`make bench-offpolicy`, Benchmarks/offpolicy-benchmark) runs in the same session, at the same
settings: 256-256 ReLU networks (net_arch), batch 256, gamma 0.99, tau 0.005, buffer = the run's
steps, uniform random actions for the first --learning-starts steps, then train_freq 1 and
gradient_steps 1 (update-to-data ratio 1). TD3 and DDPG get Gaussian action noise sigma = 0.1 of the
box's half-width; everything else is SB3's default (TD3: policy_delay 2, target noise 0.2 clipped at
0.5, Adam 1e-3; DDPG: one critic, no delay, no target noise, Adam 1e-3; SAC: Adam 3e-4, ent_coef
"auto", target entropy -dim(A)).

Not needed to build, run or test the suite. Needs `pip install stable-baselines3` (and mujoco for
the MuJoCo ids).
Usage: bench_sb3_offpolicy.py --env Pendulum-v1 --algorithm sac|td3|ddpg --steps N --learning-starts L
Prints one JSON line: {"steps_per_second": ..., "version": "..."}.
"""
import resource
import os
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"   # before torch is imported
import argparse, json, time

import gymnasium
import numpy as np
import stable_baselines3
import torch
from stable_baselines3 import DDPG, SAC, TD3
from stable_baselines3.common.noise import NormalActionNoise


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", required=True)
    ap.add_argument("--algorithm", choices=["sac", "td3", "ddpg"], required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--learning-starts", type=int, required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    env = gymnasium.make(args.env)
    common = dict(buffer_size=args.steps, learning_starts=args.learning_starts, batch_size=256, tau=0.005, gamma=0.99,
                  train_freq=1, gradient_steps=1, policy_kwargs=dict(net_arch=[256, 256]), device="cpu", seed=1, verbose=0)
    if args.algorithm == "sac":
        model = SAC("MlpPolicy", env, **common)
    else:
        half_width = (env.action_space.high - env.action_space.low) / 2
        noise = NormalActionNoise(mean=np.zeros_like(half_width), sigma=0.1 * half_width)
        model = (TD3 if args.algorithm == "td3" else DDPG)("MlpPolicy", env, action_noise=noise, **common)
    start = time.perf_counter()
    model.learn(total_timesteps=args.steps)
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "steps_per_second": model.num_timesteps / elapsed,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "version": f"Stable-Baselines3 {stable_baselines3.__version__}, PyTorch {torch.__version__}, "
                   f"Gymnasium {gymnasium.__version__}, torch threads {torch.get_num_threads()}",
    }))


if __name__ == "__main__":
    main()
