# Sanity figure for the MuJoCo substrate: the suite's PPO-clip (ε = 0.2, the paper's settings; the
# clip-0.2 runs of the full-scale C9 study) beside Stable-Baselines3's PPO with the same settings and
# budget (tools/sb3_ppo_mujoco.py), on HalfCheetah-v5 and Hopper-v5, one line per seed.
# Usage: gnuplot -e "study='results/ppo-objectives-mujoco'; sb3='results/ppo-sanity-mujoco'" experiments/ppo-objectives/sanity-mujoco.gp
#
# Print size: the canvas is 6.5in wide, the width at which the report includes it (at natural size),
# and every text is at least 8 pt there (fontscale 0.75: a font's nominal size is its printed size;
# labels 10 pt, ticks and keys 9 pt). The key sits in a strip below the two panels.
if (!exists("study")) study = 'results/ppo-objectives-mujoco'
if (!exists("sb3")) sb3 = 'results/ppo-sanity-mujoco'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
set terminal pdfcairo size 6.5in,3in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set tics font ",9"
set key font ",9" samplen 3 noautotitle
set output sb3.'/figures/sanity.pdf'
suitecolour = "#0072B2"; sb3colour = "#D55E00"
# The seeds of the suite's runs and the last step, read from the study's curves.
stats study.'/curves.csv' using (column("seed")) nooutput
seeds = int(STATS_max) + 1
stats study.'/curves.csv' using (column("step")) nooutput
maxstep = STATS_max
round(x) = floor(x + 0.5)
nicetick(x) = (b = 10**floor(log10(x/4)), (round(x/4/b) < 1 ? 1 : round(x/4/b)) * b)
set multiplot
set format x "%.0s%c"
set xrange [0:maxstep]; set xtics nicetick(maxstep)
set xlabel "environment steps" offset 0, 0.3
k = 0
do for [e in "HalfCheetah-v5 Hopper-v5"] {
    k = k + 1
    set lmargin at screen 0.1 + (k-1)*0.47; set rmargin at screen 0.1 + (k-1)*0.47 + 0.4
    set tmargin at screen 0.92; set bmargin at screen 0.3
    # Panel title and (first panel) y label as labels placed on the canvas.
    unset label
    set label 1 e at graph 0.5, graph 1.06 center font ",10"
    if (k == 1) { set label 2 "mean return (last 100 episodes)" at screen 0.015, screen 0.61 center rotate by 90 font ",10" }
    files = system("ls ".sb3."/sb3-".e."-seed*.csv 2>/dev/null")
    plot for [s=0:seeds-1] study.'/curves.csv' using (strcol("environment") eq e && strcol("setting") eq "clip-0.2" && column("seed") == s ? column("step") : NaN):(column("mean_last100")) \
             w l lw 1.5 lc rgb suitecolour, \
         for [f in files] f using (column("step")):(column("mean_last100")) w l lw 1.5 dt 2 lc rgb sb3colour
}
unset label; unset border; unset tics; unset grid; unset xlabel; unset ylabel; unset title
set lmargin at screen 0.02; set rmargin at screen 0.98; set tmargin at screen 0.1; set bmargin at screen 0
set xrange [0:1]; set yrange [0:1]
set key center center horizontal Left reverse width 2
plot NaN w l lw 1.5 lc rgb suitecolour t "this suite, PPO-clip (one line per seed)", \
     NaN w l lw 1.5 dt 2 lc rgb sb3colour t "Stable-Baselines3 PPO (one line per seed)"
unset multiplot
