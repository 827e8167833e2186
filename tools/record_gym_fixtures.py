#!/usr/bin/env python3
"""Records reference trajectories from the real Gymnasium package for the Swift classic-control
environments to replay (Tests/ControlTests). Run by hand; not needed to build, run or test.

    pip install gymnasium==1.4.0 && python3 tools/record_gym_fixtures.py Tests/ControlTests/Fixtures

For each environment: episodes from fixed initial states (set on env.unwrapped after reset, so the
registered TimeLimit wrapper still counts steps) under fixed action sequences: seeded random
actions, and a simple controller that reaches the episode's end by termination where the task
allows. Each step records the observation (float32), reward, terminated, truncated, and the
unwrapped float64 state, so a replay can be checked step by step from the recorded state.
"""
import json, math, os, sys
import numpy as np
import gymnasium as gym

ENVS = {
    # id: (initial states, state dtype to set, controller)
    "CartPole-v1": ([[0.01, -0.02, 0.03, 0.04], [-0.04, 0.03, -0.02, 0.01]], np.float64,
                    lambda s, rng: int(s[2] + 0.5 * s[3] > 0)),
    "Acrobot-v1": ([[0.05, -0.08, 0.02, 0.07], [-0.02, 0.09, -0.06, 0.01]], np.float32,
                   lambda s, rng: 2 if s[3] > 0 else 0),
    "MountainCar-v0": ([[-0.5, 0.0], [-0.45, 0.0]], np.float64, lambda s, rng: 2 if s[1] >= 0 else 0),
    # Two float32 initial states, and two float64 ones off the float32 grid (Gymnasium's reset leaves
    # a float64 state, so the first step is computed in double precision): chosen so that the first
    # step differs, for both controller actions, from the same state rounded to float32.
    "MountainCarContinuous-v0": ([[-0.5, 0.0], [-0.55, 0.0], [-0.57428595944616, -1.4442751197701192e-05], [-0.5262013752540418, 0.00022780043606525358]],
                                 [np.float32, np.float32, np.float64, np.float64],
                                 lambda s, rng: [1.0 if s[1] >= 0 else -1.0]),
    "Pendulum-v1": ([[0.5, -0.3], [-2.9, 0.4]], np.float64,
                    lambda s, rng: [float(np.clip(-2.0 * s[1] - 5.0 * math.sin(s[0]), -2.5, 2.5))]),
}


def random_action(env, rng):
    if isinstance(env.action_space, gym.spaces.Discrete):
        return int(rng.integers(env.action_space.n))
    return [float(np.float32(rng.uniform(-2.5 if "Pendulum" in env.spec.id else -1.3,
                                         2.5 if "Pendulum" in env.spec.id else 1.3)))]


def episode(env_id, initial, dtype, policy, rng, use_random):
    env = gym.make(env_id)
    env.reset(seed=0)
    env.unwrapped.state = np.array(initial, dtype=dtype)
    if hasattr(env.unwrapped, "steps_beyond_terminated"):
        env.unwrapped.steps_beyond_terminated = None
    steps, actions = [], []
    state = np.array(env.unwrapped.state, dtype=np.float64)
    while True:
        action = random_action(env, rng) if use_random else policy(state, rng)
        a = np.array(action, dtype=np.float32) if isinstance(action, list) else action
        obs, reward, terminated, truncated, _ = env.step(a)
        state = np.array(env.unwrapped.state, dtype=np.float64)
        actions.append(action[0] if isinstance(action, list) else action)
        steps.append({"observation": [float(x) for x in np.asarray(obs, dtype=np.float32)],
                      "reward": float(reward), "terminated": bool(terminated), "truncated": bool(truncated),
                      "state": [float(x) for x in state]})
        if terminated or truncated:
            break
    return {"initial_state": [float(x) for x in np.array(initial, dtype=dtype)], "initial_state_dtype": np.dtype(dtype).name,
            "actions": actions, "steps": steps}


def main(folder):
    rng = np.random.default_rng(20261121)
    for env_id, (initials, dtype, policy) in ENVS.items():
        episodes = []
        for k, initial in enumerate(initials):
            d = dtype[k] if isinstance(dtype, list) else dtype
            episodes.append(episode(env_id, initial, d, policy, rng, use_random=(k == 0)))
            episodes.append(episode(env_id, initial, d, policy, rng, use_random=(k != 0)))
        data = {"gymnasium": gym.__version__, "numpy": np.__version__, "env": env_id,
                "max_episode_steps": gym.spec(env_id).max_episode_steps, "episodes": episodes}
        path = f"{folder}/{env_id}.json"
        with open(path + ".tmp", "w") as f:          # atomic: temporary file, then rename
            json.dump(data, f, separators=(",", ":"))
        os.replace(path + ".tmp", path)
        ends = [("terminated" if e["steps"][-1]["terminated"] else "truncated", len(e["steps"])) for e in episodes]
        print(env_id, ends)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/ControlTests/Fixtures")
