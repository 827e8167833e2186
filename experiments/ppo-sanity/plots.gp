# Learning curves of the PPO sanity runs.
# Usage: gnuplot -e "dir='results/ppo-sanity'" experiments/ppo-sanity/plots.gp
if (!exists("dir")) dir = 'results/ppo-sanity'
set datafile separator comma
set datafile missing ""
set terminal pdfcairo size 5in,3.3in font "Helvetica,10"
set grid lc rgb "#dddddd"
stats dir.'/summary.csv' using 2 nooutput
seeds = int(STATS_max) + 1

set key bottom right box opaque font ",8"
set xlabel "environment steps"
set format x "%.0s%c"
set ylabel "mean return of the last 100 episodes"

set output dir.'/figures/cartpole.pdf'
set title "PPO-clip on CartPole-v1: one line per seed; dashed: 475"
set yrange [0:520]
plot for [s=0:seeds-1] dir.'/episodes.csv' using (strcol(1) eq "CartPole-v1" && $2 == s ? $4 : NaN):7 \
        w l lw 1.2 t "seed ".s, 475 w l dt 2 lc rgb "black" notitle

set output dir.'/figures/pendulum.pdf'
set title "PPO-clip on Pendulum-v1: one line per seed; dashed: −250"
set yrange [-1600:0]
plot for [s=0:seeds-1] dir.'/episodes.csv' using (strcol(1) eq "Pendulum-v1" && $2 == s ? $4 : NaN):7 \
        w l lw 1.2 t "seed ".s, -250 w l dt 2 lc rgb "black" notitle
