#!/usr/bin/env python3
"""Records reference episodes of Gymnasium's MuJoCo v5 tasks for the Swift environments to replay
(Tests/LocomotionTests). Run by hand; not needed to build, run or test:

    pip install gymnasium==1.4.0 mujoco==3.3.0 && python3 tools/record_mujoco_fixtures.py

Each episode starts from a fixed (qpos, qvel), set after reset as reset itself does (mj_resetData,
then the environment's own set_state), so the TimeLimit wrapper still counts, and applies a fixed float32 action sequence: random actions
of which about a quarter lie outside the control range, or a simple controller that keeps the task
alive to its time limit where one exists. Per step: reward, terminated, truncated, and FNV-1a
hashes of the observation's and of the physics state's float64 bytes; the full observation and
state (time, qpos, qvel, act, qacc_warmstart) on the first 30 steps, every 100th and the last, so
a replay can be checked bit for bit everywhere and step by step from a recorded state.
"""
import json, os, sys
import numpy as np
import gymnasium as gym
import mujoco

STATE_SPEC = (mujoco.mjtState.mjSTATE_TIME | mujoco.mjtState.mjSTATE_QPOS | mujoco.mjtState.mjSTATE_QVEL
              | mujoco.mjtState.mjSTATE_ACT | mujoco.mjtState.mjSTATE_WARMSTART)


def fnv1a64(values):
    h = 0xcbf29ce484222325
    for b in np.ascontiguousarray(values, dtype="<f8").tobytes():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def physics_state(u):
    s = np.empty(mujoco.mj_stateSize(u.model, STATE_SPEC))
    mujoco.mj_getState(u.model, u.data, s, STATE_SPEC)
    return s


def balance_pendulum(obs, u):
    # A PD law on cart position and pole angle: keeps InvertedPendulum up for its 1000 steps.
    x, theta, xdot, thetadot = obs
    return np.array([np.clip(0.3 * x + 8.0 * theta + 0.3 * xdot + 1.0 * thetadot, -3, 3)], dtype=np.float32)


def full_detail(t, last):
    return t < 30 or t % 100 == 99 or last


def episode(env_id, rng, policy, action_scale, noise_seed):
    env = gym.make(env_id)
    env.reset(seed=0)
    u = env.unwrapped
    noise = np.random.default_rng(noise_seed)
    # Initial states off the float32 grid: init + small noise in float64.
    qpos = u.init_qpos + noise.uniform(-0.05, 0.05, u.model.nq)
    qvel = u.init_qvel + noise.uniform(-0.05, 0.05, u.model.nv)
    if env_id == "Reacher-v5":
        qpos[-2:] = [0.1, -0.08]
        qvel[-2:] = 0
    # Gymnasium's reset with the noise replaced by a fixed state: mj_resetData, then set_state (whose
    # mj_forward also sets the solver's warm start, so the reset must not inherit the seeded one's).
    mujoco.mj_resetData(u.model, u.data)
    u.set_state(qpos, qvel)
    obs = u._get_obs()
    low, high = u.action_space.low, u.action_space.high
    actions, steps = [], []
    t = 0
    while True:
        if policy is None:
            a = rng.uniform(low * action_scale, high * action_scale).astype(np.float32)
        else:
            a = policy(obs, u)
        obs, reward, terminated, truncated, _ = env.step(a)
        actions.append([float(x) for x in a])
        step = {"reward": float(reward), "terminated": bool(terminated), "truncated": bool(truncated),
                "observation_fnv": fnv1a64(obs), "state_fnv": fnv1a64(physics_state(u))}
        end = terminated or truncated
        if full_detail(t, end):
            step["observation"] = [float(x) for x in obs]
            step["state"] = [float(x) for x in physics_state(u)]
        steps.append(step)
        t += 1
        if end:
            break
    return {"qpos": [float(x) for x in qpos], "qvel": [float(x) for x in qvel], "actions": actions, "steps": steps}


# id: [(policy, action scale, noise seed)]: random actions (scale 1.3: a quarter out of range), and
# a controller or a second random sequence.
EPISODES = {
    "HalfCheetah-v5": [(None, 1.3, 1), (None, 1.0, 2)],
    "Hopper-v5": [(None, 1.3, 1), (None, 1.0, 2)],
    "Walker2d-v5": [(None, 1.3, 1), (None, 1.0, 2)],
    "Swimmer-v5": [(None, 1.3, 1), (None, 1.0, 2)],
    "Reacher-v5": [(None, 1.3, 1), (None, 1.0, 2)],
    "InvertedPendulum-v5": [(None, 1.3, 1), (balance_pendulum, 1.0, 2)],
    "InvertedDoublePendulum-v5": [(None, 1.3, 1), (None, 1.0, 2), (None, 0.05, 3)],
    "Ant-v5": [(None, 1.3, 1), (None, 1.0, 2)],
    "Humanoid-v5": [(None, 1.3, 1), (None, 1.0, 2)],
}


def main(folder):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(20261123)
    for env_id, plans in EPISODES.items():
        episodes = [episode(env_id, rng, policy, scale, seed) for policy, scale, seed in plans]
        data = {"gymnasium": gym.__version__, "mujoco": mujoco.__version__, "numpy": np.__version__,
                "env": env_id, "max_episode_steps": gym.spec(env_id).max_episode_steps,
                "state_spec": "time, qpos, qvel, act, qacc_warmstart", "episodes": episodes}
        path = f"{folder}/{env_id}.json"
        with open(path + ".tmp", "w") as f:          # atomic: temporary file, then rename
            json.dump(data, f, separators=(",", ":"))
        os.replace(path + ".tmp", path)
        ends = [("terminated" if e["steps"][-1]["terminated"] else "truncated", len(e["steps"])) for e in episodes]
        print(env_id, ends, os.path.getsize(path))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/LocomotionTests/Fixtures")
