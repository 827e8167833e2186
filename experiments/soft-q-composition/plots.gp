# Figures of the soft-q-composition experiment (C19). Columns are read by their header names.
# Usage: gnuplot -e "dir='results/soft-q-composition'" experiments/soft-q-composition/plots.gp
if (!exists("dir")) dir = 'results/soft-q-composition'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
energies = "unimodal_1-D bimodal_1-D unimodal_2-D bimodal_2-D ring_2-D"
colors = "#0072b2 #e69f00 #009e73 #cc3311 #6a3d9a"
name(k) = system("echo ".word(energies,k)." | tr _ ' '")

# 1. Distance to exp(Q/α)/Z over its noise floor (the mean distance of exact samples of the same size),
#    per seed, against α: the amortised sampler (filled) and plain SVGD particles (open); the dotted
#    line is the "samples match" threshold.
set terminal pdfcairo size 6.5in,2.6in font "Helvetica,8"
set output dir.'/figures/sampler-ratio.pdf'
set multiplot layout 1,2 margins 0.08,0.98,0.17,0.90 spacing 0.08
set logscale x
set xrange [0.07:1.5]
set yrange [0:*]
set xlabel "α"
set ylabel "distance / noise floor"
set key inside top left font ",7" samplen 1 spacing 0.9
set title "amortised SVGD sampler"
plot for [k=1:words(energies)] dir.'/sampler.csv' \
        using (strcol("energy") eq name(k) ? column("alpha")*(1+0.06*(k-3)) : NaN):"sampler_ratio" \
        w p pt 7 ps 0.4 lc rgb word(colors,k) t name(k), \
     2 w l dt 3 lc rgb "black" notitle
set title "plain SVGD particles"
plot for [k=1:words(energies)] dir.'/sampler.csv' \
        using (strcol("energy") eq name(k) ? column("alpha")*(1+0.06*(k-3)) : NaN):"svgd_ratio" \
        w p pt 6 ps 0.4 lc rgb word(colors,k) t name(k), \
     2 w l dt 3 lc rgb "black" notitle
unset multiplot

# 2. Composition on Garnets: the largest (Q*_C − Q^soft_{π_Σ})/D* (Theorem 1) against the largest
#    (Q_Σ − Q*_C)/C* (Lemma 1), per instance; random Garnets and searched reward pairs. ½ is the halved bound.
set terminal pdfcairo size 3.2in,2.6in font "Helvetica,8"
set output dir.'/figures/bound-ratios.pdf'
unset logscale
set xrange [0:0.55]
set yrange [0:*]
set xlabel "max (Q_Σ − Q*_C)/C*"
set ylabel "max (Q*_C − Q_{π_Σ})/D*"
unset title
set key inside top left font ",7"
plot dir.'/composition.csv' using (strcol("source") eq "garnet" ? column("lower_ratio") : NaN):"theorem_ratio" w p pt 7 ps 0.3 lc rgb "#0072b2" t "random Garnets", \
     dir.'/composition.csv' using (strcol("source") eq "search" ? column("lower_ratio") : NaN):"theorem_ratio" w p pt 6 ps 0.5 lc rgb "#cc3311" t "searched reward pairs"

# 3. The continuous point mass: for the pairs whose composition is not exact (the constituents weigh the
#    coordinates differently; Theorem 1's bound is infinite there), the simulated gap V*_C(s₀) − V_{π_Σ}(s₀)
#    with its 95% interval and the finite bound E_{π_Σ}[Q_Σ − Q_{π_Σ}](s₀), against the closed-form gap.
#    Points on the dashed diagonal are measurements that agree with the closed form.
set terminal pdfcairo size 3.2in,2.6in font "Helvetica,8"
set output dir.'/figures/continuous-gap.pdf'
set logscale xy
set xrange [*:*]
set yrange [*:*]
set xlabel "closed-form gap V*_C(s_0) − V_{π_Σ}(s_0)"
set ylabel "simulated gap, and the finite bound"
set format xy "10^{%L}"
set key inside bottom right font ",7"
lowest(x) = (x > 1e-3 ? x : 1e-3)
inexact(c) = (column("bounds_finite") == 0 ? column(c) : NaN)
plot dir.'/continuous.csv' using (inexact("gap")):(inexact("simulated_gap")):(lowest(inexact("simulated_gap_lower"))):(inexact("simulated_gap_upper")) \
        w yerrorbars pt 7 ps 0.4 lc rgb "#0072b2" t "simulated gap (95% interval)", \
     dir.'/continuous.csv' using (inexact("gap")):(inexact("excess_bound")) w p pt 6 ps 0.5 lc rgb "#cc3311" t "finite bound", \
     x w l dt 2 lc rgb "black" notitle
