#!/usr/bin/env python3
"""Stable-Baselines3's PPO on a Gymnasium MuJoCo task at the PPO paper's MuJoCo settings (Schulman
et al. 2017, Table 3), which are also the defaults of the suite's own PPO (Sources/Neural/PPO):
the external reference for the suite's PPO sanity figure on MuJoCo. Not needed to build, run or
test the suite. Needs `pip install stable-baselines3` beside gymnasium 1.4.0 and mujoco 3.3.0.

    python3 tools/sb3_ppo_mujoco.py --env HalfCheetah-v5 --seed 0 --steps 1000000 \\
        --out results/ppo-sanity-mujoco

Settings (each argument name and default checked against SB3 2.9.2's source):
horizon n_steps 2048, batch_size 64, n_epochs 10, Adam 3e-4 constant (SB3's Adam eps 1e-5),
gamma 0.99, gae_lambda 0.95, clip_range 0.2, no value clipping, ent_coef 0, vf_coef 0.5,
advantages normalised (SB3: per minibatch of 64, with +1e-8 on the standard deviation; the
suite's PPO and Baselines ppo1: over the whole rollout); separate 64-64 tanh policy and value
networks, orthogonal initialisation, log sigma starting at 0; one environment, CPU, one torch
thread.
- No gradient clipping: the paper used none, SB3 has no off switch, so max_grad_norm = 1e10
  (torch then multiplies the gradients by exactly 1.0).
- Observations normalised by running statistics (VecNormalize, updated at every step and reset,
  epsilon 1e-8), rewards not normalised. VecNormalize's default clip_obs is 10 (as is the
  suite's ObservationNormalizer's; Baselines ppo1 clipped at 5); here it is 1e10 so that
  normalised observations are never clipped (--clip-obs changes it).
- Continuous actions are clipped to the action box when sent to the environment (SB3 always
  does); time-limit truncations bootstrap with V(last observation) (SB3 always does).

A Monitor sits under VecNormalize, so episode returns are the raw environment rewards. Writes,
each atomically (a .tmp then os.replace):
  <out>/sb3-<env>-seed<k>.csv   environment,seed,step,mean_last100 at steps 20000, 40000, ...,
                                --steps: mean return of the last 100 episodes that ended at or
                                before the step (empty before the first episode ends);
  <out>/sb3-<env>-seed<k>.json  final score (mean of the last 100 episode returns of the run,
                                which overruns --steps by less than one horizon, and the same at
                                --steps), wall time, steps per second, versions, every setting.
bench_sb3.py builds its MuJoCo models with `build_model` from here.
"""
import os
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"   # before torch (and numpy) are imported
import argparse, csv, json, platform, sys, time

import gymnasium
import mujoco
import numpy as np
import stable_baselines3
import torch
from stable_baselines3 import PPO
from stable_baselines3.common.callbacks import BaseCallback
from stable_baselines3.common.monitor import Monitor
from stable_baselines3.common.vec_env import DummyVecEnv, VecNormalize

GRID_SPACING = 20_000
NO_GRADIENT_CLIP = 1e10     # SB3 always calls clip_grad_norm_; this never binds
UNCLIPPED_OBSERVATIONS = 1e10

# Arguments of PPO(...) (stable_baselines3/ppo/ppo.py, PPO.__init__).
PPO_KWARGS = dict(
    n_steps=2048, batch_size=64, n_epochs=10, learning_rate=3e-4,
    gamma=0.99, gae_lambda=0.95, clip_range=0.2, clip_range_vf=None,
    normalize_advantage=True, ent_coef=0.0, vf_coef=0.5, max_grad_norm=NO_GRADIENT_CLIP,
    use_sde=False, target_kl=None,
)
# Arguments of ActorCriticPolicy (stable_baselines3/common/policies.py).
POLICY_KWARGS = dict(net_arch=dict(pi=[64, 64], vf=[64, 64]), activation_fn=torch.nn.Tanh,
                     log_std_init=0.0, ortho_init=True)


def vecnormalize_kwargs(clip_obs=UNCLIPPED_OBSERVATIONS, gamma=0.99):
    """Arguments of VecNormalize (stable_baselines3/common/vec_env/vec_normalize.py)."""
    return dict(norm_obs=True, norm_reward=False, clip_obs=clip_obs, gamma=gamma)


def is_mujoco(env_id):
    """True for Gymnasium's MuJoCo tasks (HalfCheetah-v5, Hopper-v5, ...)."""
    entry_point = gymnasium.spec(env_id).entry_point
    return isinstance(entry_point, str) and entry_point.startswith("gymnasium.envs.mujoco")


def build_model(env_id, seed, clip_obs=UNCLIPPED_OBSERVATIONS):
    """PPO on DummyVecEnv([Monitor(gymnasium.make(env_id))]) under VecNormalize, CPU."""
    torch.set_num_threads(1)
    venv = DummyVecEnv([lambda: Monitor(gymnasium.make(env_id))])
    venv = VecNormalize(venv, **vecnormalize_kwargs(clip_obs, PPO_KWARGS["gamma"]))
    return PPO("MlpPolicy", venv, policy_kwargs=POLICY_KWARGS, device="cpu", seed=seed, verbose=0,
               **PPO_KWARGS)


class EpisodeRecorder(BaseCallback):
    """Records the step at which each episode ends (the Monitor's info["episode"]) and prints a
    progress line after every 10 rollouts."""

    def __init__(self, total_steps):
        super().__init__()
        self.end_steps, self.rounded_returns = [], []
        self.total_steps, self.rollouts, self.start = total_steps, 0, time.perf_counter()

    def _on_step(self):
        for info in self.locals["infos"]:
            if "episode" in info:
                self.end_steps.append(self.num_timesteps)
                self.rounded_returns.append(info["episode"]["r"])
        return True

    def _on_rollout_end(self):
        self.rollouts += 1
        if self.rollouts % 10 == 0:
            last = self.rounded_returns[-100:]
            score = f"{np.mean(last):.1f}" if last else "-"
            elapsed = time.perf_counter() - self.start
            print(f"step {self.num_timesteps}/{self.total_steps}  episodes {len(self.end_steps)}  "
                  f"mean_last100 {score}  {self.num_timesteps / elapsed:.0f} steps/s", flush=True)


def mean_last100(returns, end_steps, step):
    """Mean of the last 100 returns among episodes ending at or before `step` (None if none)."""
    n = int(np.searchsorted(end_steps, step, side="right"))
    return float(np.mean(returns[max(0, n - 100):n])) if n > 0 else None


def write_atomically(path, write):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        write(f)
    os.replace(tmp, path)


def settings(model, env_id, seed, steps):
    """Every setting, read back from the constructed model where SB3 holds it."""
    policy, venv = model.policy, model.get_env()
    return {
        "environment": env_id, "seed": seed, "total_timesteps": steps, "n_envs": venv.num_envs,
        "n_steps": model.n_steps, "batch_size": model.batch_size, "n_epochs": model.n_epochs,
        "learning_rate": model.learning_rate, "learning_rate_schedule": "constant",
        "gamma": model.gamma, "gae_lambda": model.gae_lambda,
        "clip_range": model.clip_range(1.0), "clip_range_vf": model.clip_range_vf,
        "normalize_advantage": model.normalize_advantage, "advantage_normalisation": "per minibatch",
        "ent_coef": model.ent_coef, "vf_coef": model.vf_coef, "max_grad_norm": model.max_grad_norm,
        "max_grad_norm_note": "the paper used no gradient clipping; 1e10 never binds",
        "target_kl": model.target_kl, "use_sde": model.use_sde,
        "policy": type(policy).__name__, "net_arch": policy.net_arch,
        "activation_fn": policy.activation_fn.__name__,
        "share_features_extractor": policy.share_features_extractor,
        "ortho_init": policy.ortho_init,
        "ortho_init_gains": {"hidden": float(np.sqrt(2)), "action_net": 0.01, "value_net": 1.0},
        "log_std_init": policy.log_std_init, "optimizer": type(policy.optimizer).__name__,
        "optimizer_kwargs": policy.optimizer_kwargs,
        "observation_normalisation": {"wrapper": "VecNormalize", "norm_obs": venv.norm_obs,
                                      "norm_reward": venv.norm_reward, "clip_obs": venv.clip_obs,
                                      "epsilon": venv.epsilon},
        "action_clipping": "samples clipped to the action box when sent to the environment",
        "time_limit": {"max_episode_steps": gymnasium.spec(env_id).max_episode_steps,
                       "truncation": "bootstrapped with gamma * V(last observation)"},
        "device": str(model.device), "torch_threads": torch.get_num_threads(),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--env", required=True, help="a Gymnasium id, e.g. HalfCheetah-v5")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--steps", type=int, default=1_000_000)
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--clip-obs", type=float, default=UNCLIPPED_OBSERVATIONS,
                    help="VecNormalize clip_obs (default 1e10: never clips; SB3's default is 10)")
    args = ap.parse_args()
    if args.steps < 1:
        sys.exit("--steps must be ≥ 1")
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.join(args.out, f"sb3-{args.env}-seed{args.seed}")

    process_start = time.perf_counter()
    model = build_model(args.env, args.seed, args.clip_obs)
    recorder = EpisodeRecorder(args.steps)
    start = time.perf_counter()
    model.learn(total_timesteps=args.steps, callback=recorder)
    elapsed = time.perf_counter() - start

    monitor = model.get_env().venv.envs[0]
    assert isinstance(monitor, Monitor)
    returns = np.array(monitor.get_episode_rewards(), dtype=np.float64)   # unrounded, raw rewards
    end_steps = np.array(recorder.end_steps, dtype=np.int64)
    assert len(returns) == len(end_steps), (len(returns), len(end_steps))
    assert np.array_equal(end_steps, np.cumsum(monitor.get_episode_lengths())), "episode end steps"
    assert np.allclose(returns, recorder.rounded_returns, rtol=0, atol=1e-6)

    grid = list(range(GRID_SPACING, args.steps + 1, GRID_SPACING))

    def write_csv(f):
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["environment", "seed", "step", "mean_last100"])
        for step in grid:
            m = mean_last100(returns, end_steps, step)
            w.writerow([args.env, args.seed, step, "" if m is None else repr(m)])
    write_atomically(stem + ".csv", write_csv)

    summary = {
        "environment": args.env, "seed": args.seed,
        "final_score": float(np.mean(returns[-100:])) if len(returns) else None,
        "final_score_note": "mean return of the last 100 episodes of the whole run (steps_trained)",
        "score_at_budget": mean_last100(returns, end_steps, args.steps),
        "steps_requested": args.steps, "steps_trained": int(model.num_timesteps),
        "episodes": int(len(returns)),
        "wall_time_seconds": elapsed, "process_wall_time_seconds": time.perf_counter() - process_start,
        "steps_per_second": model.num_timesteps / elapsed,
        "versions": {"stable_baselines3": stable_baselines3.__version__, "torch": torch.__version__,
                     "gymnasium": gymnasium.__version__, "mujoco": mujoco.__version__,
                     "numpy": np.__version__, "python": platform.python_version()},
        "machine": {"platform": platform.platform(), "processor": platform.machine(),
                    "cpu_count": os.cpu_count()},
        "hyperparameters": settings(model, args.env, args.seed, args.steps),
        "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
    }
    write_atomically(stem + ".json", lambda f: f.write(json.dumps(summary, indent=2) + "\n"))
    print(json.dumps({k: summary[k] for k in ("environment", "seed", "final_score", "score_at_budget",
                                               "steps_trained", "wall_time_seconds", "steps_per_second")}))


if __name__ == "__main__":
    main()
