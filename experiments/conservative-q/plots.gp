# Figures of the conservative-q experiment (C12). Columns are read by their header names.
# Usage: gnuplot -e "dir='results/conservative-q'" experiments/conservative-q/plots.gp
# Sizes: full-width figures are drawn 6.5in wide and half-width ones 3.2in, the widths the report prints
# them at, so that 8-point fonts stay 8 points.
if (!exists("dir")) dir = 'results/conservative-q'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
sizes = "4 16 64 256"
colors = "#0072b2 #e69f00 #009e73 #cc3311"

# 1. The α sweep on sampled datasets: the fraction of datasets where Eq. 1's fixed point lies below Q^π
#    at every seen pair (solid) and where Eq. 2's V̂ lies below V^π at every state (dashed), against α,
#    one colour per number of transitions per state; one panel per γ.
set terminal pdfcairo size 6.5in,2.8in font "Helvetica,8"
set output dir.'/figures/alpha-sweep.pdf'
set multiplot layout 1,2 margins 0.08,0.84,0.15,0.90 spacing 0.08
set logscale x
set format x "10^{%L}"
set xrange [1e-3:1e4]
set yrange [0:1.02]
set xlabel "α"
set ylabel "fraction of datasets where the bound holds"
do for [g in "0.5 0.9"] {
    set title "γ = ".g
    if (g eq "0.9") { set key outside right top vertical Left reverse font ",8" samplen 2.5 } else { unset key }
    plot for [i=1:words(sizes)] dir.'/alpha-sweep.csv' \
            using (column("gamma") == g+0 && column("per_state") == word(sizes,i)+0 ? column("alpha") : NaN):(column("fraction_eq1_q_holds")) \
            w lp lc rgb word(colors,i) pt 7 ps 0.35 lw 1.2 t "|D(s)| = ".word(sizes,i).", Q (Eq. 1)", \
         for [i=1:words(sizes)] dir.'/alpha-sweep.csv' \
            using (column("gamma") == g+0 && column("per_state") == word(sizes,i)+0 ? column("alpha") : NaN):(column("fraction_eq2_v_holds")) \
            w l lc rgb word(colors,i) dt 2 lw 1.2 t "|D(s)| = ".word(sizes,i).", V (Eq. 2)"
}
unset multiplot

# 2. The exact smallest α (Eq. 1) against Theorem 3.1's threshold, one point per dataset; the diagonal
#    is where the theorem would be tight.
set terminal pdfcairo size 3.2in,2.8in font "Helvetica,8"
set output dir.'/figures/threshold.pdf'
unset title
set logscale xy
set format y "10^{%L}"
set xrange [1:1e4]
set yrange [1e-6:1e2]
set xlabel "Theorem 3.1's threshold"
set ylabel "smallest α with Q̂ ≤ Q^π"
set key inside left top vertical Left reverse font ",8" samplen 2
plot for [i=1:words(sizes)] dir.'/datasets.csv' \
        using (column("per_state") == word(sizes,i)+0 ? column("threshold_eq1") : NaN):(column("alpha_star_eq1") > 0 ? column("alpha_star_eq1") : NaN) \
        w p pt 7 ps 0.2 lc rgb word(colors,i) t "|D(s)| = ".word(sizes,i), \
     x w l lc rgb "black" dt 2 lw 1.2 t "equality"

# 3. Naive offline Q-learning: the mean overestimation (1−γ)(Q̂*(s, π̂(s)) − Q^π̂(s, π̂(s))) at the greedy
#    pair against how often that pair is in the data.
set output dir.'/figures/naive-overestimation.pdf'
unset logscale
set xrange [-0.5:4.5]
set yrange [0:*]
set format y "%g"
set xtics ("1" 0, "2–3" 1, "4–15" 2, "16–63" 3, "≥ 64" 4)
set xlabel "|D(s, π̂(s))|, the greedy pair's count"
set ylabel "mean (1-γ)(Q̂* - Q^{π̂}) at the greedy pair"
set key inside right top vertical Left reverse font ",8" samplen 2
plot for [g in "0.5 0.9"] dir.'/greedy-counts.csv' \
        using (column("gamma") == g+0 ? column("bucket") : NaN):(column("mean_scaled_overestimation")) \
        w lp pt 7 ps 0.5 lw 1.2 t "γ = ".g
