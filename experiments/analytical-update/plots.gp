# Figures of the analytical-update experiment (C5).
# Usage: gnuplot -e "dir='results/analytical-update'" experiments/analytical-update/plots.gp
if (!exists("dir")) dir = 'results/analytical-update'
set datafile separator comma
set datafile missing ""
set terminal pdfcairo size 5in,3.3in font "Helvetica,10"
set grid lc rgb "#dddddd"
kappa(s) = s eq "greedy" ? 1e8 : real(s)

# 1. How often an update lowers J, against kappa (C = C_pi / kappa; greedy drawn at 10^8).
set output dir.'/figures/improvement.pdf'
set logscale x; set format x "10^{%L}"
set xrange [0.5:3e8]
set xlabel "κ   (C = C_π / κ; rightmost point: greedy limit C → 0)"
set ylabel "fraction of updates that lower J"
set yrange [-0.02:*]
set title "C5: exact advantages (black) never lower J; estimated ones do"
set key top left box opaque font ",7"
plot for [g in "0.5 0.9 0.99"] for [n in "10 100 1000"] dir.'/improvement.csv' \
        using (strcol(3) eq "sampled" && $1 == g+0 && $4 == n+0 ? kappa(strcol(2)) : NaN):(1-$6) \
        w lp pt (n eq "10" ? 7 : n eq "100" ? 5 : 9) ps 0.5 lc (g eq "0.5" ? 1 : g eq "0.9" ? 2 : 4) t "γ=".g.", N=".n, \
     dir.'/improvement.csv' using (strcol(3) eq "exact" ? kappa(strcol(2)) : NaN):(1-$6) w p pt 6 ps 0.8 lc rgb "black" t "exact (all γ)"
set autoscale y; set autoscale x

# 2. The closed form against an independent optimiser: shortfall / rounding tolerance.
set output dir.'/figures/maximiser.pdf'
set xlabel "temperature C"; set ylabel "shortfall / tolerance"
set title "C5: nothing beats the closed form beyond rounding (below 1)"
unset logscale y; set format y "%.1f"
plot dir.'/maximiser.csv' using 3:($9/$10) w p pt 7 ps 0.3 lc rgb "#3060a0" t "trials", \
     1 w l lc rgb "black" dt 2 t "tolerance"

# 3. Convergence from the uniform policy: median normalised gap (J* - J)/(J* - J_0), quartile band.
set output dir.'/figures/curves.pdf'
set terminal pdfcairo size 6.5in,5in font "Helvetica,9"
floor7(x) = x > 1e-7 ? x : 1e-7
algorithms = "rule-theorem rule-tuned policy-iteration npg ppo-clip soft-pi"
set multiplot layout 2,2
set logscale xy; set format x "10^{%L}"; set format y "10^{%L}"
set xrange [1:*]; set yrange [1e-6:2]
set xlabel "iteration + 1"; set ylabel "(J* - J) / (J* - J_0)"
set key bottom left box opaque font ",6"
do for [family in "garnet gridworld"] {
  do for [g in "0.9 0.99"] {
    set title family.", γ = ".g
    plot for [i=1:words(algorithms)] dir.'/curves-summary.csv' \
            using (strcol(1) eq family && $2 == g+0 && strcol(3) eq word(algorithms,i) ? $4+1 : NaN):(floor7($6)):(floor7($7)) \
            w filledcurves lc i fs transparent solid 0.15 noborder notitle, \
         for [i=1:words(algorithms)] dir.'/curves-summary.csv' \
            using (strcol(1) eq family && $2 == g+0 && strcol(3) eq word(algorithms,i) ? $4+1 : NaN):(floor7($5)) \
            w l lw 1.5 lc i t word(algorithms,i)
  }
}
unset multiplot
