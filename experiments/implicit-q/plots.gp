# Figures of the implicit-q experiment (C13). Columns are read by their header names.
# Usage: gnuplot -e "dir='results/implicit-q'" experiments/implicit-q/plots.gp
# Sizes: half-width figures are drawn 3.2in wide and full-width ones 6.5in wide, the widths the report
# prints them at, so that 8-point fonts stay 8 points.
if (!exists("dir")) dir = 'results/implicit-q'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
gammas = "0.5 0.9 0.99"
colors = "#0072b2 #e69f00 #cc3311"

# 1. Expectiles: (max − m_τ)/(max − min) against 1 − τ on every random distribution (points); the gap
#    bound divided by the range is proportional to 1 − τ, so every point falls along or below a line
#    of slope 1 on these axes.
set terminal pdfcairo size 3.2in,2.8in font "Helvetica,8"
set output dir.'/figures/expectile-gap.pdf'
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xrange [2e-6:1]
set yrange [1e-9:1]
set xlabel "1 - τ"
set ylabel "(max - m_τ) / (max - min)"
set key outside below center horizontal maxcols 2 font ",8" samplen 2
plot dir.'/expectiles.csv' using (column("tau") >= 0.5 ? (1-column("tau"))*(1+0.3*(rand(0)-0.5)) : NaN):(column("relative_gap") > 0 ? column("relative_gap") : NaN) \
        w p pt 7 ps 0.12 lc rgb "#88aacc" t "random distribution", \
     x w l lc rgb "black" dt 2 lw 1.2 t "slope 1: 1 - τ"

# 2. IQL's fixed point against 1 − τ, per γ: left, the largest gap to the in-support optimum V*_β
#    (→ 0); right, the smallest gap to V* among instances whose unseen actions are better (stays away).
#    Gaps are maxima over states times 1 − γ.
set terminal pdfcairo size 6.5in,2.8in font "Helvetica,8"
set output dir.'/figures/iql-gaps.pdf'
set multiplot layout 1,2 margins 0.08,0.82,0.15,0.90 spacing 0.08
set xrange [0.0007:0.7]
set yrange [1e-4:1]
set xlabel "1 - τ"
set ylabel "(1 - γ) max_s (V*_β - V_τ)"
set title "gap to the in-support optimum (largest over instances)"
unset key
plot for [i=1:words(gammas)] dir.'/summary.csv' \
        using (column("gamma") == word(gammas,i)+0 ? column("one_minus_tau") : NaN):(column("max_gap_in_support")) \
        w lp lc rgb word(colors,i) pt (4+i) ps 0.6 lw 1.2 notitle
set title "gap to V*, unseen better action (smallest over instances)"
set ylabel "(1 - γ) max_s (V* - V_τ)"
set yrange [1e-3:1]
set key outside right top vertical Left reverse font ",8" samplen 2.5
plot for [i=1:words(gammas)] dir.'/summary.csv' \
        using (column("gamma") == word(gammas,i)+0 ? column("one_minus_tau") : NaN):(column("min_gap_optimal_unseen")) \
        w lp lc rgb word(colors,i) pt (4+i) ps 0.6 lw 1.2 t "γ = ".word(gammas,i)
unset multiplot
