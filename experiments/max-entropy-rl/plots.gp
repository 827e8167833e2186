# Figures of the max-entropy-rl experiment (C18); columns are read by header name.
# Usage: gnuplot -e "dir='results/max-entropy-rl'" experiments/max-entropy-rl/plots.gp
#        gnuplot -e "dir='results/max-entropy-rl-paper'" experiments/max-entropy-rl/plots.gp
#
# learning-curves.pdf: per task, each method's mean evaluation return over seeds at each checkpoint,
#   with its 95% bootstrap band.
# entropy.pdf: per task, SAC's policy entropy (−E log π over the evaluation states) at each checkpoint
#   for the automatic and the fixed temperatures, against the target H̄ = −dim(A) (dashed); and the
#   automatic rule's α.
# sweep.pdf: per task, the final return against the fixed α (log scale), with the automatic rule drawn
#   at its final α.
# robustness.pdf: the final policies' return against the pendulum's length scale (1 = nominal);
#   SAC's sampled-action policy dashed.
# Print size: 6.5in wide canvases, text ≥ 8 pt at that size (fontscale 0.75). A method has the same
# colour in every figure (Okabe-Ito colours).
if (!exists("dir")) dir = 'results/max-entropy-rl'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set tics font ",9"
set key font ",9" samplen 2.5 noautotitle
set grid lc rgb "#dddddd"
set format x "%.0s%c"
# The methods and tasks, in order of appearance in scores.csv.
methods = ""
tasks = ""
stats dir.'/scores.csv' using (m = strcol("method"), strstrt(" ".methods, " ".m." ") == 0 ? methods = methods.m." " : 0, \
    t = strcol("task"), strstrt(" ".tasks, " ".t." ") == 0 ? tasks = tasks.t." " : 0, 0) nooutput
nm = words(methods)
nt = words(tasks)
palette = "#000000 #E69F00 #56B4E9 #009E73 #CC79A7 #0072B2 #D55E00 #F0E442 #999999"
colour(i) = word(palette, (i - 1) % 9 + 1)
is(t, m) = strcol("task") eq t && strcol("method") eq m
issac(m) = m[1:3] eq "sac"

set terminal pdfcairo size 6.5in,(2.4 * nt + 0.4)in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set output dir.'/figures/learning-curves.pdf'
set multiplot layout nt, 1 margins 0.1, 0.74, 0.08, 0.95 spacing 0, 0.1
set xlabel "environment steps" offset 0, 0.5
set ylabel "evaluation return"
set key outside right top
do for [ti = 1:nt] {
    t = word(tasks, ti)
    set title t font ",10"
    plot for [i = 1:nm] dir.'/curve-summary.csv' using (is(t, word(methods, i)) ? column("step") : NaN):"return_lower":"return_upper" \
             with filledcurves fc rgb colour(i) fs transparent solid 0.15 noborder notitle, \
         for [i = 1:nm] dir.'/curve-summary.csv' using (is(t, word(methods, i)) ? column("step") : NaN):"mean_return" \
             with linespoints lc rgb colour(i) pt 7 ps 0.4 title word(methods, i)
}
unset multiplot

set output dir.'/figures/entropy.pdf'
set multiplot layout nt, 2 margins 0.08, 0.98, 0.08, 0.95 spacing 0.08, 0.1
do for [ti = 1:nt] {
    t = word(tasks, ti)
    set title t.": entropy" font ",10"
    set ylabel "−E log π (nats)"
    unset logscale y
    set key inside bottom right font ",8" samplen 1.5
    plot for [i = 1:nm] dir.'/curve-summary.csv' using (is(t, word(methods, i)) && issac(word(methods, i)) ? column("step") : NaN):"entropy_lower":"entropy_upper" \
             with filledcurves fc rgb colour(i) fs transparent solid 0.15 noborder notitle, \
         for [i = 1:nm] dir.'/curve-summary.csv' using (is(t, word(methods, i)) && issac(word(methods, i)) ? column("step") : NaN):"mean_entropy" \
             with linespoints lc rgb colour(i) pt 7 ps 0.4 title (issac(word(methods, i)) ? word(methods, i) : ""), \
         dir.'/curve-summary.csv' using (is(t, "sac-auto") ? column("step") : NaN):"target_entropy" \
             with lines dt 2 lc rgb "#000000" title "target −dim(A)"
    set title t.": automatic α" font ",10"
    set ylabel "α"
    set logscale y
    unset key
    plot dir.'/curve-summary.csv' using (is(t, "sac-auto") ? column("step") : NaN):"mean_temperature" with linespoints lc rgb colour(1) pt 7 ps 0.4
}
unset multiplot
unset logscale y

set terminal pdfcairo size 6.5in,(2.2 * nt + 0.4)in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set format x "%g"
set output dir.'/figures/sweep.pdf'
set multiplot layout nt, 1 margins 0.1, 0.8, 0.08, 0.95 spacing 0, 0.1
set logscale x
set xlabel "temperature α (the automatic rule: its final α)"
set ylabel "final return"
set key outside right top
do for [ti = 1:nt] {
    t = word(tasks, ti)
    set title t font ",10"
    # Means and error bars are separate plots: a row without an interval (fewer seeds than the rules
    # need, as at the smoke profile) still draws its mean.
    plot dir.'/sweep.csv' using (strcol("task") eq t && strcol("method") ne "sac-auto" ? column("alpha") : NaN):"final_mean" \
             with linespoints lc rgb "#0072B2" pt 7 ps 0.6 title "fixed α", \
         dir.'/sweep.csv' using (strcol("task") eq t && strcol("method") ne "sac-auto" ? column("alpha") : NaN):"final_mean":"final_lower":"final_upper" \
             with yerrorbars lc rgb "#0072B2" pt 7 ps 0.6 notitle, \
         dir.'/sweep.csv' using (strcol("task") eq t && strcol("method") eq "sac-auto" ? column("alpha") : NaN):"final_mean" \
             with points lc rgb "#D55E00" pt 9 ps 1.0 title "automatic α", \
         dir.'/sweep.csv' using (strcol("task") eq t && strcol("method") eq "sac-auto" ? column("alpha") : NaN):"final_mean":"final_lower":"final_upper" \
             with yerrorbars lc rgb "#D55E00" pt 9 ps 1.0 notitle
}
unset multiplot
unset logscale x

set terminal pdfcairo size 6.5in,3in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set output dir.'/figures/robustness.pdf'
set title "Pendulum-v1: trained policies on perturbed lengths" font ",10"
set xlabel "pendulum length / nominal"
set format x "%.2g"
set yrange [*:*]
set lmargin at screen 0.1
set rmargin at screen 0.74
set ylabel "mean return"
set key outside right top
plot for [i = 1:nm] dir.'/robustness.csv' using (strcol("method") eq word(methods, i) && strcol("policy") eq "deterministic" ? column("scale") : NaN):"mean_return" \
         with linespoints lc rgb colour(i) pt 7 ps 0.4 title word(methods, i), \
     dir.'/robustness.csv' using (strcol("method") eq "sac-auto" && strcol("policy") eq "sampled" ? column("scale") : NaN):"mean_return" \
         with linespoints dt 2 lc rgb colour(1) pt 6 ps 0.5 title "sac-auto (sampled)"
