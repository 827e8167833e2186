# Figures of the performance-difference experiment (C1, C2).
# Columns are read by header name (column("name"), strcol("name")), never by position.
# Usage: gnuplot -e "dir='results/performance-difference'" experiments/performance-difference/plots.gp
# Reads the CSVs in dir and writes PDFs to dir/figures/. Series are filtered from tidy CSVs;
# γ and n lists are supersets of every profile's (an absent series is skipped).
#
# Print size: every canvas is 6.5in wide, the width at which the report includes it (at natural
# size, no scaling), and every text is at least 8 pt there: fontscale 0.75 makes a font's nominal
# size its printed size in points; labels 10 pt (their sub/superscripts 8 pt), ticks and keys 9 pt,
# exponents of log ticks 8 pt. Keys sit outside the plotting area, in a strip below the panels.
if (!exists("dir")) dir = 'results/performance-difference'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set terminal pdfcairo size 6.5in,2.9in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set tics font ",9"
set key font ",9" samplen 2.5 spacing 1.1 noautotitle
set grid lc rgb "#dddddd"
logfmt = "10^{/=8 %L}"
gammas = "0.5 0.7 0.9 0.95 0.99 0.995 0.999"
# MDP sizes: the distinct n_states of exact-summary.csv, in order of first appearance.
sizes = ""
stats dir.'/exact-summary.csv' using (nstr = strcol("n_states"), \
      strstrt(" ".sizes, " ".nstr." ") == 0 ? sizes = sizes.nstr." " : 0, column("n_states")) nooutput
estimators = "trajectory onpolicy importance"
# Monte Carlo discounts: the distinct γ of monte-carlo-summary.csv (two at smoke, three otherwise).
mcgammas = ""
stats dir.'/monte-carlo-summary.csv' using (gstr = strcol("gamma"), \
      strstrt(" ".mcgammas, " ".gstr." ") == 0 ? mcgammas = mcgammas.gstr." " : 0, column("gamma")) nooutput
# Series styles shared by several figures (Okabe-Ito colours, distinguishable in print):
# colour per γ or per MDP size, colour and point type per estimator, black reference lines.
ptfilled = 7; ptopen = 6
palette = "#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #000000"
colour(i) = word(palette, (i-1) % 7 + 1)
gcolour(g) = g eq "0.5" ? colour(1) : g eq "0.9" ? colour(2) : colour(3)
glabel(g) = "γ = ".g
estpt(e) = e eq "trajectory" ? 7 : e eq "onpolicy" ? 5 : 9
estcolour(e) = e eq "trajectory" ? colour(1) : e eq "onpolicy" ? colour(2) : colour(3)
estlabel(e) = e eq "trajectory" ? "trajectory sum" : e eq "onpolicy" ? "on-policy" : "importance-sampled"
estoffset(e) = e eq "trajectory" ? 0.9 : e eq "onpolicy" ? 1.0 : 1.11
grey = "#777777"
black = "black"
tight = "tight-2-state"
# Panel geometry (screen fractions): panels side by side above a key strip.
top = 0.9; bottom = 0.36; left0 = 0.09; right0 = 0.985; gap = 0.12
panelL(i, n) = left0 + (i-1) * ((right0 - left0 + gap) / n)
panelR(i, n) = panelL(i, n) + (right0 - left0 + gap) / n - gap
# Place panel i of n; then a key strip across the canvas below the panels.
place(i, n) = sprintf("set lmargin at screen %g; set rmargin at screen %g; set tmargin at screen %g; set bmargin at screen %g", \
                      panelL(i, n), panelR(i, n), top, bottom)
# The key strip spans the canvas below the panels (its height: stripheight); restore undoes it.
stripheight = 0.2
keystrip = "unset logscale; unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid; " \
         . "set lmargin at screen 0.02; set rmargin at screen 0.98; set tmargin at screen stripheight; set bmargin at screen 0.0; " \
         . "set xrange [0:1]; set yrange [0:1]; set key center center horizontal Left reverse width 1"
restore = "set border; set tics; set tics font ',9'; set grid lc rgb '#dddddd'; set autoscale xy; set key default; set key font ',9' samplen 2.5 spacing 1.1 noautotitle"

# 1. Largest relative gap of the exact identities, and the largest gap against its rounding
#    tolerance, against 1 - gamma, per MDP size.
set output dir.'/figures/exact-gaps.pdf'
set terminal pdfcairo size 6.5in,3.1in
set multiplot
eval place(1, 2)
set logscale xy
set format x logfmt; set format y logfmt
set xlabel "1 − γ"
set ylabel "largest |LHS − RHS| / scale"
set title "largest relative gap" font ",10"
plot for [i=1:words(sizes)] dir.'/exact-summary.csv' \
        using (strcol("form") eq "pdl-onpolicy" && column("n_states") == word(sizes,i)+0 ? 1-column("gamma") : NaN):(column("max_rel_gap")) \
        with linespoints lc rgb colour(i) pt ptfilled ps 0.6, \
     for [i=1:words(sizes)] dir.'/exact-summary.csv' \
        using (strcol("form") eq "lemma10" && column("n_states") == word(sizes,i)+0 ? 1-column("gamma") : NaN):(column("max_rel_gap")) \
        with linespoints lc rgb colour(i) dt 2 pt ptopen ps 0.6, \
     2**-53 with lines lc rgb grey dt 3 lw 1.5
eval place(2, 2)
set ylabel "largest gap / tolerance"
set title "relative to the rounding tolerance" font ",10"
set yrange [*:3]
plot for [i=1:words(sizes)] dir.'/exact-summary.csv' \
        using (strcol("form") eq "pdl-onpolicy" && column("n_states") == word(sizes,i)+0 ? 1-column("gamma") : NaN):(column("max_gap_over_tolerance")) \
        with linespoints lc rgb colour(i) pt ptfilled ps 0.6, \
     for [i=1:words(sizes)] dir.'/exact-summary.csv' \
        using (strcol("form") eq "lemma10" && column("n_states") == word(sizes,i)+0 ? 1-column("gamma") : NaN):(column("max_gap_over_tolerance")) \
        with linespoints lc rgb colour(i) dt 2 pt ptopen ps 0.6, \
     1 with lines lc rgb black lw 2
set autoscale y
eval keystrip
set key maxrows 2
plot for [i=1:words(sizes)] NaN with linespoints lc rgb colour(i) pt ptfilled ps 0.6 title "n = ".word(sizes,i)." states", \
     NaN with linespoints lc rgb black pt ptfilled ps 0.6 title "on-policy form", \
     NaN with linespoints lc rgb black dt 2 pt ptopen ps 0.6 title "Lemma 10", \
     NaN with lines lc rgb grey dt 3 lw 1.5 title "unit roundoff u", \
     NaN with lines lc rgb black lw 2 title "tolerance 3nκ_{/=8 ∞}u·scale"
unset multiplot
eval restore
set terminal pdfcairo size 6.5in,2.9in

# 2. Monte Carlo RMSE against N, with the 1/sqrt(N) reference anchored at the smallest N; one panel per γ.
set output dir.'/figures/mc-error.pdf'
set multiplot
do for [k=1:words(mcgammas)] {
    g = word(mcgammas, k)
    eval place(k, words(mcgammas))
    set logscale xy; set format x logfmt; set format y logfmt
    set xrange [6:1.7e4]
    set xlabel "samples N"
    if (k == 1) { set ylabel "RMSE" } else { unset ylabel }
    set title glabel(g) font ",10"
    plot for [e in estimators] dir.'/monte-carlo-summary.csv' \
            using (strcol("estimator") eq e && column("gamma") == g+0 ? column("samples") : NaN):(column("rmse")) \
            with linespoints pt estpt(e) ps 0.6 lc rgb estcolour(e), \
         for [e in estimators] dir.'/monte-carlo-summary.csv' \
            using (strcol("estimator") eq e && column("gamma") == g+0 ? column("samples") : NaN):(column("reference_sqrt")) \
            with lines dt 2 lc rgb estcolour(e)
}
eval keystrip
plot for [e in estimators] NaN with linespoints pt estpt(e) ps 0.6 lc rgb estcolour(e) title estlabel(e), \
     NaN with lines dt 2 lc rgb black title "∝ 1/√N (slope −1/2)"
unset multiplot
eval restore

# 3. Coverage of the 95% intervals against N, with Wilson intervals; one panel per γ,
#    estimators offset horizontally so their bars do not overlap.
set output dir.'/figures/mc-coverage.pdf'
set multiplot
do for [k=1:words(mcgammas)] {
    g = word(mcgammas, k)
    eval place(k, words(mcgammas))
    set logscale x; unset logscale y
    set format x logfmt; set format y "%.2f"
    set yrange [0.85:1.0]; set xrange [6:1.7e4]
    set xlabel "samples N"
    if (k == 1) { set ylabel "coverage" } else { unset ylabel }
    set title glabel(g) font ",10"
    plot for [e in estimators] dir.'/monte-carlo-summary.csv' \
            using (strcol("estimator") eq e && column("gamma") == g+0 ? column("samples")*estoffset(e) : NaN):(column("coverage")):(column("coverage_lower")):(column("coverage_upper")) \
            with yerrorbars pt estpt(e) ps 0.6 lc rgb estcolour(e), \
         0.95 with lines lc rgb black lw 2
}
set autoscale y
eval keystrip
plot for [e in estimators] NaN with points pt estpt(e) ps 0.6 lc rgb estcolour(e) title estlabel(e), \
     NaN with lines lc rgb black lw 2 title "nominal coverage 0.95"
unset multiplot
eval restore

# 4. Surrogate gap against the policy change alpha, with an alpha^2 guide.
set output dir.'/figures/surrogate-gap.pdf'
set terminal pdfcairo size 6.5in,3.2in
set multiplot
set lmargin at screen 0.1; set rmargin at screen 0.66; set tmargin at screen 0.9; set bmargin at screen 0.16
set logscale xy; set format x logfmt; set format y logfmt
set xlabel "α = max_{/=8 s} D_{/=8 TV}(π'(·|s), π(·|s))"; set ylabel "|J(π') − L_{/=8 π}(π')|"
unset title
plot for [g in mcgammas] dir.'/surrogate-gap.csv' \
        using (strcol("change_kind") eq "logit-step" && column("gamma") == g+0 ? column("max_tv") : NaN):(column("surrogate_gap")) with points pt ptfilled ps 0.4 \
        lc rgb gcolour(g), \
     for [g in mcgammas] dir.'/surrogate-gap.csv' \
        using (strcol("change_kind") eq "mixture" && column("gamma") == g+0 ? column("max_tv") : NaN):(column("surrogate_gap")) with points pt ptopen ps 0.5 \
        lc rgb gcolour(g), \
     x**2 with lines lc rgb black dt 2 lw 1.5
unset logscale; unset border; unset tics; unset grid; unset xlabel; unset ylabel
set lmargin at screen 0.68; set rmargin at screen 0.99; set tmargin at screen 0.9; set bmargin at screen 0.16
set xrange [0:1]; set yrange [0:1]
set key at graph 0.02, graph 1 left top vertical Left reverse
plot for [g in mcgammas] NaN with points pt ptfilled ps 0.8 lc rgb gcolour(g) title glabel(g), \
     NaN with points pt ptfilled ps 0.6 lc rgb black title "logit step", \
     NaN with points pt ptopen ps 0.6 lc rgb black title "mixture", \
     NaN with lines lc rgb black dt 2 lw 1.5 title "α^{/=8 2} (slope 2 guide)"
unset multiplot
eval restore
set border; set tics; set grid; set autoscale xy
set key noreverse Right
set terminal pdfcairo size 6.5in,2.9in

# 5. State-distribution mismatch: ratio to the coupling bound, and the tight instance.
set output dir.'/figures/mismatch.pdf'
set multiplot
eval place(1, 2)
unset logscale; set format x "%g"; set format y "%.1f"
set xlabel "step t"; set ylabel "gap / 2(1 − (1 − α)^t)"
set title "random policy pairs on Garnet MDPs" font ",10"
set yrange [0:1.1]
plot dir.'/state-mismatch.csv' using (strcol("instance") ne tight ? column("t") : NaN):(column("ratio_to_coupling")) with points pt ptfilled ps 0.2 lc rgb colour(1), \
     1 with lines lc rgb black lw 2
eval place(2, 2)
set autoscale y; set format y "%.1f"
set ylabel "gap ‖p_{/=8 π'}(s_{/=8 t}) − p_{/=8 π}(s_{/=8 t})‖_{/=8 1}"
set title "two-state instance (bound attained)" font ",10"
set yrange [0:2.1]
plot dir.'/state-mismatch.csv' using (strcol("instance") eq tight ? column("t") : NaN):(column("l1_gap")) with points pt ptfilled ps 0.45 lc rgb colour(2), \
     dir.'/state-mismatch.csv' using (strcol("instance") eq tight ? column("t") : NaN):(column("coupling_bound")) with lines lc rgb black lw 2, \
     dir.'/state-mismatch.csv' using (strcol("instance") eq tight && column("linear_bound") <= 2 ? column("t") : NaN):(column("linear_bound")) with lines lc rgb grey dt 2 lw 1.5
eval keystrip
set key maxrows 2
plot NaN with points pt ptfilled ps 0.6 lc rgb colour(1) title "random pairs: gap / bound", \
     NaN with points pt ptfilled ps 0.6 lc rgb colour(2) title "two-state instance: gap", \
     NaN with lines lc rgb black lw 2 title "coupling bound (left: ratio 1)", \
     NaN with lines lc rgb grey dt 2 lw 1.5 title "linear bound 2αt"
unset multiplot
eval restore
