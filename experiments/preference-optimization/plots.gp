# Figures of the preference-optimization experiment (C14). Columns are read by their header names.
# Usage: gnuplot -e "dir='results/preference-optimization'" experiments/preference-optimization/plots.gp
# Sizes: full-width figures are drawn 6.5in wide, the width the report prints them at.
if (!exists("dir")) dir = 'results/preference-optimization'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
kinds = "diffuse peaked uncovered"
betas = "0.1 1 10"
colors = "#0072b2 #e69f00 #cc3311"

# 1. KL(π̂ ‖ π*) against the number of pairs N, one panel per data kind, one colour per β: DPO (solid,
#    with the bootstrap interval as error bars) and the two-stage route (dashed). A slope of −1 on
#    these axes is the parametric rate.
set terminal pdfcairo size 6.5in,2.6in font "Helvetica,8"
set output dir.'/figures/kl-vs-pairs.pdf'
set multiplot layout 1,3 margins 0.07,0.98,0.17,0.90 spacing 0.05
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xrange [5:2e5]
set yrange [1e-6:50]
set xlabel "preference pairs N"
do for [k=1:words(kinds)] {
    set title word(kinds,k)." π_ref"
    if (k == 1) { set ylabel "E_x KL(π̂ ‖ π*)" } else { unset ylabel }
    if (k == 3) { set key inside bottom right vertical maxrows 3 font ",7" samplen 1.5 spacing 0.9 } else { unset key }
    plot for [i=1:words(betas)] dir.'/curves.csv' \
            using (strcol("kind") eq word(kinds,k) && column("beta") == word(betas,i)+0 ? column("pairs") : NaN):"kl_dpo":"kl_dpo_lower":"kl_dpo_upper" \
            w yerrorlines lc rgb word(colors,i) pt 7 ps 0.4 lw 1.2 t "DPO, β = ".word(betas,i), \
         for [i=1:words(betas)] dir.'/curves.csv' \
            using (strcol("kind") eq word(kinds,k) && column("beta") == word(betas,i)+0 ? column("pairs") : NaN):"kl_two_stage" \
            w lp lc rgb word(colors,i) dt 2 pt 6 ps 0.4 lw 1 t "two-stage, β = ".word(betas,i)
}
unset multiplot

# 2. Coverage: the fraction of contexts whose unpenalised DPO loss has a minimiser (Ford's condition)
#    and the fraction of (context, response) cells no pair compares, against N.
set terminal pdfcairo size 3.2in,2.4in font "Helvetica,8"
set output dir.'/figures/coverage.pdf'
unset logscale y
set format y "%g"
set yrange [0:1]
unset title
set ylabel "fraction"
set bmargin 7
set key outside below center horizontal maxcols 2 font ",8" samplen 2
plot for [k=1:2] dir.'/curves.csv' \
        using (strcol("kind") eq word(kinds,k) && column("beta") == 1 ? column("pairs") : NaN):"mle_fraction" \
        w lp lc rgb word(colors,k) pt 7 ps 0.5 lw 1.2 t "minimiser exists, ".word(kinds,k), \
     for [k=1:2] dir.'/curves.csv' \
        using (strcol("kind") eq word(kinds,k) && column("beta") == 1 ? column("pairs") : NaN):"uncompared_fraction" \
        w lp lc rgb word(colors,k) dt 2 pt 6 ps 0.5 lw 1 t "uncompared cells, ".word(kinds,k)
