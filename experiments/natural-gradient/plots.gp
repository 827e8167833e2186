# Figures of the natural-gradient experiment (C16). Columns are read by their header names.
# Usage: gnuplot -e "dir='results/natural-gradient'" experiments/natural-gradient/plots.gp
# Sizes: full-width figures are drawn 6.5in wide, the width the report prints them at.
if (!exists("dir")) dir = 'results/natural-gradient'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
tasks = "CartPole-v1 Acrobot-v1 Pendulum-v1"
probed = "CartPole-v1 Pendulum-v1"
colors = "#0072b2 #e69f00 #cc3311"

# 1. The quadratic model of the natural step, one line per probed batch: (a) the realised mean
#    KL(π_old ‖ π_new) over δ for rllab's CG direction (1 = the step length is exact); (b) the
#    relative error |KL̄/(½ΔᵀFΔ) − 1| against δ for both CG directions, with √δ for reference (slope ½:
#    the third-order term). Colour: task; solid: θ₀, dashed: after 10 TRPO iterations (standard).
set terminal pdfcairo size 6.5in,2.7in font "Helvetica,8"
set output dir.'/figures/kl-over-delta.pdf'
set multiplot layout 1,2 margins 0.08,0.98,0.17,0.90 spacing 0.08
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xrange [5e-9:0.2]
set xlabel "δ"
set title "rllab's CG: realised KL̄ / δ"
set ylabel "KL̄(π_old ‖ π_new) / δ"
set key inside top left font ",7" samplen 1.5 spacing 0.9
plot for [k=1:words(probed)] dir.'/quadratic-model.csv' \
        using (strcol("task") eq word(probed,k) && strcol("direction") eq "rllab" && column("iteration") == 0 ? column("delta") : NaN):"kl_over_delta" \
        w l lc rgb word(colors,2*k-1) lw 0.8 t word(probed,k).", θ₀", \
     for [k=1:words(probed)] dir.'/quadratic-model.csv' \
        using (strcol("task") eq word(probed,k) && strcol("direction") eq "rllab" && column("iteration") > 0 ? column("delta") : NaN):"kl_over_delta" \
        w l lc rgb word(colors,2*k-1) dt 2 lw 0.8 t word(probed,k).", trained", \
     1 w l lc rgb "black" dt 3 notitle
set title "|KL̄ / (½ΔᵀFΔ) − 1|: rllab's CG (thin), long CG (thick)"
set ylabel "relative error of the quadratic model"
set yrange [1e-5:1e4]
unset key
plot for [k=1:words(probed)] dir.'/quadratic-model.csv' \
        using (strcol("task") eq word(probed,k) && strcol("direction") eq "rllab" ? column("delta") : NaN):(abs(column("kl_over_model") - 1)) \
        w l lc rgb word(colors,2*k-1) lw 0.6 notitle, \
     for [k=1:words(probed)] dir.'/quadratic-model.csv' \
        using (strcol("task") eq word(probed,k) && strcol("direction") eq "long" ? column("delta") : NaN):(abs(column("kl_over_model") - 1)) \
        w l lc rgb word(colors,2*k-1) lw 1.6 notitle, \
     10 * sqrt(x) w l lc rgb "black" dt 3 notitle
unset multiplot
unset yrange

# 2. TRPO's line search: the fraction of updates accepted after k backtracks, per task.
set terminal pdfcairo size 3.2in,2.4in font "Helvetica,8"
set output dir.'/figures/backtracks.pdf'
unset logscale xy
set format x "%g"
set format y "%g"
set xrange [-0.6:8.6]
set yrange [0:*]
unset title
set xlabel "backtracks k of the accepted step (step scale 0.8^k)"
set ylabel "fraction of updates"
set style fill solid 0.8 noborder
set boxwidth 0.27
set key inside top right font ",8"
plot for [k=1:words(tasks)] dir.'/backtracks.csv' \
        using (strcol("task") eq word(tasks,k) && column("accepted") == 1 ? column("backtracks") + 0.28 * (k - 2) : NaN):"fraction" \
        w boxes lc rgb word(colors,k) t word(tasks,k)

# 3. Mean KL against maximum KL: max over the batch's states of KL(π_old ‖ π_new) divided by the mean
#    KL that TRPO constrains, for every accepted update, against the iteration; the dotted line is the
#    threshold 2 of C16.8's rule.
set terminal pdfcairo size 6.5in,2.5in font "Helvetica,8"
set output dir.'/figures/max-to-mean-kl.pdf'
set logscale y
set format y "%g"
set autoscale x
set xrange [-0.5:*]
set yrange [1:*]
set xlabel "TRPO iteration"
set ylabel "max_s KL / mean KL"
set key outside right top vertical font ",8"
plot for [k=1:words(tasks)] dir.'/training.csv' \
        using (strcol("task") eq word(tasks,k) ? column("iteration") + 0.25 * (k - 2) : NaN):"max_to_mean_kl" \
        w p lc rgb word(colors,k) pt 7 ps 0.35 t word(tasks,k), \
     2 w l lc rgb "black" dt 3 t "2 (C16.8's threshold)"
