# Sanity figure for the MuJoCo substrate: the suite's PPO-clip (ε = 0.2, the paper's settings; the
# clip-0.2 runs of the full-scale C9 study) beside Stable-Baselines3's PPO with the same settings and
# budget (tools/sb3_ppo_mujoco.py), on HalfCheetah-v5 and Hopper-v5, one line per seed.
# Usage: gnuplot -e "study='results/ppo-objectives-mujoco'; sb3='results/ppo-sanity-mujoco'" experiments/ppo-objectives/sanity-mujoco.gp
if (!exists("study")) study = 'results/ppo-objectives-mujoco'
if (!exists("sb3")) sb3 = 'results/ppo-sanity-mujoco'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
set terminal pdfcairo size 8,3.2 font "Helvetica,11"
set output sb3.'/figures/sanity.pdf'
set multiplot layout 1,2 title "PPO-clip (ε = 0.2) at the PPO paper's settings: the suite against Stable-Baselines3 (one line per seed)"
set format x "%.0s%c"
set xtics 250000
set xlabel "environment steps"
set ylabel "mean return of the last 100 episodes"
do for [e in "HalfCheetah-v5 Hopper-v5"] {
    set title e
    set key top left font ",9" box opaque
    files = system("ls ".sb3."/sb3-".e."-seed*.csv 2>/dev/null")
    plot for [k=0:4] study.'/curves.csv' using (strcol("environment") eq e && strcol("setting") eq "clip-0.2" && column("seed") == k ? column("step") : NaN):(column("mean_last100")) \
             w l lw 1.6 lc rgb "#2171b5" t (k == 0 ? "this suite" : ""), \
         for [f in files] f using (column("step")):(column("mean_last100")) w l lw 1.6 dt 2 lc rgb "#cb181d" t (f eq word(files, 1) ? "Stable-Baselines3" : "")
}
unset multiplot
