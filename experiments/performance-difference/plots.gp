# Figures of the performance-difference experiment (C1, C2).
# Usage: gnuplot -e "dir='results/performance-difference'" experiments/performance-difference/plots.gp
# Reads the CSVs in dir and writes PDFs to dir/figures/. Series are filtered from tidy CSVs;
# γ and n lists are supersets of every profile's (an absent series is skipped).
if (!exists("dir")) dir = 'results/performance-difference'
set datafile separator comma
set datafile missing ""
set terminal pdfcairo size 5in,3.3in font "Helvetica,10"
set key top left box opaque samplen 2 font ",8"
set grid lc rgb "#dddddd"
gammas = "0.5 0.7 0.9 0.95 0.99 0.995 0.999"
sizes  = system("awk -F, 'NR>1 && !seen[$2]++ {printf \"%s \", $2}' ".dir."/exact-summary.csv")
estimators = "trajectory onpolicy importance"
mcgammas = "0.5 0.9 0.99"

# 1. Largest relative gap of the exact identities against 1 - gamma, per MDP size.
set output dir.'/figures/exact-gaps.pdf'
set logscale xy
set format x "10^{%L}"; set format y "10^{%L}"
set xlabel "1 - {/Symbol g}"
set ylabel "largest |LHS - RHS| / scale"
set title "C1: exact identities, largest relative gap (on-policy form: lines; Lemma 10: dashed)"
set key bottom right
plot for [i=1:words(sizes)] dir.'/exact-summary.csv' \
        using (strcol(3) eq "pdl-onpolicy" && $2 == word(sizes,i)+0 ? 1-$1 : NaN):6 \
        with linespoints lc i pt 7 ps 0.5 title "n = ".word(sizes,i), \
     for [i=1:words(sizes)] dir.'/exact-summary.csv' \
        using (strcol(3) eq "lemma10" && $2 == word(sizes,i)+0 ? 1-$1 : NaN):6 \
        with linespoints lc i dt 2 pt 6 ps 0.5 notitle, \
     2**-53 with lines lc rgb "#888888" dt 3 title "unit roundoff u"

# 2. Monte Carlo RMSE against N, with the 1/sqrt(N) reference anchored at the smallest N.
set output dir.'/figures/mc-error.pdf'
set xlabel "samples N"; set ylabel "RMSE of the estimate of J(π') - J(π)"
set title "C1: Monte Carlo error (points) against the 1/√N reference (dashed)"
set key top right
plot for [g in mcgammas] for [e in estimators] dir.'/monte-carlo-summary.csv' \
        using (strcol(2) eq e && $1 == g+0 ? $3 : NaN):5 with linespoints pt (e eq "trajectory" ? 7 : e eq "onpolicy" ? 5 : 9) ps 0.6 \
        lc (g eq "0.5" ? 1 : g eq "0.9" ? 2 : 4) title "γ=".g." ".e, \
     for [g in mcgammas] dir.'/monte-carlo-summary.csv' \
        using (strcol(2) eq "trajectory" && $1 == g+0 ? $3 : NaN):6 with lines dt 2 lc (g eq "0.5" ? 1 : g eq "0.9" ? 2 : 4) notitle

# 3. Coverage of the 95% intervals against N, with Wilson intervals.
set output dir.'/figures/mc-coverage.pdf'
unset logscale y; set format y "%.2f"
set yrange [0.75:1.0]
set ylabel "coverage of the 95% interval"
set title "C1: empirical coverage (Wilson 95% bars); nominal 0.95"
set key bottom right
plot for [g in mcgammas] for [e in estimators] dir.'/monte-carlo-summary.csv' \
        using (strcol(2) eq e && $1 == g+0 ? $3*(e eq "trajectory" ? 0.93 : e eq "onpolicy" ? 1.0 : 1.07) : NaN):7:8:9 \
        with yerrorlines pt (e eq "trajectory" ? 7 : e eq "onpolicy" ? 5 : 9) ps 0.5 \
        lc (g eq "0.5" ? 1 : g eq "0.9" ? 2 : 4) title "γ=".g." ".e, \
     0.95 with lines lc rgb "black" dt 2 title "0.95"
set autoscale y

# 4. Surrogate gap against the policy change alpha, with an alpha^2 guide.
set output dir.'/figures/surrogate-gap.pdf'
set logscale xy; set format y "10^{%L}"
set xlabel "α = max_s D_{TV}(π'(·|s), π(·|s))"; set ylabel "|J(π') - L_π(π')|"
set title "C1: the surrogate is not J(π'); its error grows like α² for small α"
set key top left
plot for [g in mcgammas] dir.'/surrogate-gap.csv' \
        using (strcol(3) eq "logit-step" && $2 == g+0 ? $5 : NaN):8 with points pt 7 ps 0.35 \
        lc (g eq "0.5" ? 1 : g eq "0.9" ? 2 : 4) title "γ=".g." logit step", \
     for [g in mcgammas] dir.'/surrogate-gap.csv' \
        using (strcol(3) eq "mixture" && $2 == g+0 ? $5 : NaN):8 with points pt 6 ps 0.5 \
        lc (g eq "0.5" ? 1 : g eq "0.9" ? 2 : 4) title "γ=".g." mixture", \
     x**2 with lines lc rgb "#888888" dt 2 title "α² (slope 2)"

# 5. State-distribution mismatch: ratio to the coupling bound, and the tight instance.
set output dir.'/figures/mismatch.pdf'
set terminal pdfcairo size 6in,3in font "Helvetica,9"
set multiplot layout 1,2
unset logscale; set format x "%g"; set format y "%.1f"
set xlabel "t"; set ylabel "‖p_{π'}(s_t) - p_π(s_t)‖_1 / 2(1-(1-α)^t)"
set title "C2: random pairs, ratio to the bound"
set yrange [0:1.1]
plot dir.'/state-mismatch.csv' using (strcol(2) ne "tight-2-state" ? $6 : NaN):10 with points pt 7 ps 0.15 lc rgb "#3060a0" notitle, \
     1 with lines lc rgb "black" dt 2 title "bound"
set autoscale y; set format y "%.2f"
set ylabel "‖p_{π'}(s_t) - p_π(s_t)‖_1"
set title "C2: two-state instance (bound attained)"
set key bottom right
plot dir.'/state-mismatch.csv' using (strcol(2) eq "tight-2-state" ? $6 : NaN):7 with points pt 7 ps 0.4 title "exact gap", \
     dir.'/state-mismatch.csv' using (strcol(2) eq "tight-2-state" ? $6 : NaN):8 with lines lw 1.5 title "2(1-(1-α)^t)", \
     dir.'/state-mismatch.csv' using (strcol(2) eq "tight-2-state" && $9 <= 2 ? $6 : NaN):9 with lines dt 2 title "2αt"
unset multiplot
