# Figures of the actor-critic-overestimation experiment (C17). Columns are read by their header names.
# Usage: gnuplot -e "dir='results/actor-critic-overestimation'" experiments/actor-critic-overestimation/plots.gp
# One panel per task that has data (the tasks are read from summary.csv, so a partial merge draws what it has).
if (!exists("dir")) dir = 'results/actor-critic-overestimation'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
variants = "ddpg td3 td3-no-clipped-double-q td3-no-delayed-updates td3-no-target-smoothing"
labels = "DDPG TD3 TD3-CDQ TD3-delay TD3-smoothing"
colors = "#cc3311 #0072b2 #e69f00 #009e73 #aa4499"

# The tasks with data, in file order.
tasks = ""
stats dir.'/summary.csv' using (strstrt(tasks, strcol("task")." ") == 0 ? (tasks = tasks.strcol("task")." ", 0) : 0) nooutput
n = words(tasks)

# 1. Bias over training: mean over seeds of the probe's mean Q1(s_t,a_t) - G_t at each checkpoint, with the
#    95% bootstrap band over seeds; one line per variant. The shaded region is the verdicts' window (step > T/2).
set terminal pdfcairo size 6.5in,2.6in font "Helvetica,8"
set output dir.'/figures/bias.pdf'
set multiplot layout 1,n margins 0.07,0.80,0.16,0.90 spacing 0.07
set xlabel "environment steps"
set ylabel "predicted Q - Monte Carlo return"
do for [k=1:n] {
  t = word(tasks,k)
  set title t
  stats dir.'/curves.csv' using (strcol("task") eq t ? column("step") : NaN) nooutput
  last = STATS_max
  set obj 1 rect from last/2, graph 0 to last, graph 1 fc rgb "#f2f2f2" fs solid noborder behind
  if (k == n) { set key outside right top vertical Left reverse font ",8" samplen 2.5 } else { unset key }
  plot for [i=1:5] dir.'/curves.csv' \
         using (strcol("task") eq t && strcol("variant") eq word(variants,i) ? column("step") : NaN):"bias_low":"bias_high" \
         w filledcurves fs transparent solid 0.15 noborder lc rgb word(colors,i) notitle, \
       for [i=1:5] '' using (strcol("task") eq t && strcol("variant") eq word(variants,i) ? column("step") : NaN):"bias" \
         w lp lw 1.2 pt 7 ps 0.3 lc rgb word(colors,i) t word(labels,i), \
       0 w l lc rgb "black" notitle
  unset obj 1
}
unset multiplot

# 2. At the end: per variant, the window's mean predicted Q and mean Monte Carlo return (bars), and the
#    window bias with its 95% interval (points, right axis; a row with fewer than 3 seeds has no interval).
set terminal pdfcairo size 6.5in,2.6in font "Helvetica,8"
set output dir.'/figures/end.pdf'
set multiplot layout 1,n margins 0.07,0.85,0.22,0.90 spacing 0.10
set style fill solid 0.7 noborder
set boxwidth 0.35
set xrange [-0.6:4.6]
set xtics rotate by 30 right ("DDPG" 0, "TD3" 1, "TD3-CDQ" 2, "TD3-delay" 3, "TD3-smoothing" 4)
unset xlabel
set ylabel "window mean (step > T/2)"
set y2label "bias Q - G"
set y2tics
do for [k=1:n] {
  t = word(tasks,k)
  set title t
  if (k == n) { set key outside right top vertical Left reverse font ",8" samplen 2 } else { unset key }
  plot dir.'/summary.csv' using (strcol("task") eq t ? column("variant_index") - 0.18 : NaN):"window_predicted_q" w boxes lc rgb "#0072b2" t "predicted Q", \
       '' using (strcol("task") eq t ? column("variant_index") + 0.18 : NaN):"window_mc_return" w boxes lc rgb "#999999" t "Monte Carlo G", \
       '' using (strcol("task") eq t ? column("variant_index") : NaN):"window_bias" axes x1y2 w p pt 7 ps 0.5 lc rgb "#cc3311" t "bias (95%)", \
       '' using (strcol("task") eq t ? column("variant_index") : NaN):"window_bias":"low":"high" axes x1y2 w yerrorbars pt 7 ps 0.5 lc rgb "#cc3311" notitle
}
unset multiplot
