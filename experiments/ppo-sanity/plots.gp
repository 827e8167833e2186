# Learning curves of the PPO sanity runs.
# Columns are read by header name (column("name"), strcol("name")), never by position.
# Usage: gnuplot -e "dir='results/ppo-sanity'" experiments/ppo-sanity/plots.gp
#
# Print size: each canvas is 3.2in wide, the width at which the report includes it (two side by
# side, at natural size), and every text is at least 8 pt there (fontscale 0.75: a font's nominal
# size is its printed size; labels 10 pt, ticks and keys 9 pt). The key sits below the plot.
if (!exists("dir")) dir = 'results/ppo-sanity'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set terminal pdfcairo size 3.2in,2.9in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set tics font ",9"
set key font ",9" samplen 2 spacing 1.1 noautotitle
set grid lc rgb "#dddddd"
stats dir.'/summary.csv' using (column("seed")) nooutput
seeds = int(STATS_max) + 1
# One learning curve per seed of environment env; one colour per seed (Okabe-Ito); the threshold line's colour.
curve(env, s) = strcol("environment") eq env && column("seed") == s ? column("end_step") : NaN
seedlabel(s) = "seed ".s
palette = "#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #999999"
colour(s) = word(palette, s % 7 + 1)
refcolour = "black"

# Fixed plot area, the key in a strip below it (two columns), so the two figures line up.
set lmargin at screen 0.23; set rmargin at screen 0.96; set tmargin at screen 0.96; set bmargin at screen 0.4
set key at screen 0.55, screen 0.01 center bottom vertical maxrows 3 Left reverse width -1
set xlabel "environment steps" offset 0, 0.3
set format x "%.0s%c"
set ylabel "mean return (last 100 ep.)"
# Four x intervals whatever the budget: the last step of environment env, read from the data.
# (Tick spacing: about a quarter of the budget, rounded to one significant digit.)
nicetick(x) = (b = 10**floor(log10(x/4)), (round(x/4/b) < 1 ? 1 : round(x/4/b)) * b)
round(x) = floor(x + 0.5)
lastset(env) = sprintf("set autoscale xy; stats dir.'/episodes.csv' using (strcol('environment') eq '%s' ? column('end_step') : NaN) nooutput; set xtics nicetick(STATS_max); set xrange [0:STATS_max]", env)

set output dir.'/figures/cartpole.pdf'
eval lastset("CartPole-v1")
set yrange [0:520]
plot for [s=0:seeds-1] dir.'/episodes.csv' using (curve("CartPole-v1", s)):(column("mean_last100")) \
        w l lw 1.2 lc rgb colour(s) t seedlabel(s), \
     475 w l dt 2 lw 2 lc rgb refcolour t "threshold 475"

set output dir.'/figures/pendulum.pdf'
eval lastset("Pendulum-v1")
set yrange [-1600:0]
plot for [s=0:seeds-1] dir.'/episodes.csv' using (curve("Pendulum-v1", s)):(column("mean_last100")) \
        w l lw 1.2 lc rgb colour(s) t seedlabel(s), \
     -250 w l dt 2 lw 2 lc rgb refcolour t "threshold −250"
