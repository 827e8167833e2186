# Figures of the analytical-update experiment (C5).
# Columns are read by header name (column("name"), strcol("name")), never by position.
# Usage: gnuplot -e "dir='results/analytical-update'" experiments/analytical-update/plots.gp
#
# Print size: every canvas is 6.5in wide, the width at which the report includes it (at natural
# size), and every text is at least 8 pt there (fontscale 0.75: a font's nominal size is its printed
# size; labels 10 pt, ticks and keys 9 pt, sub/superscripts 8 pt). Keys sit outside the plots.
if (!exists("dir")) dir = 'results/analytical-update'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set terminal pdfcairo size 6.5in,2.9in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set tics font ",9"
set key font ",9" samplen 2.5 spacing 1.1 noautotitle
set grid lc rgb "#dddddd"
logfmt = "10^{/=8 %L}"
# Reference colour (exact advantages, tolerance line) and filled points; Okabe-Ito colours.
refcolour = "black"
ptfilled = 7
palette = "#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #000000"
colour(i) = word(palette, (i-1) % 7 + 1)

# 1. How often an update lowers J, against the divisor k of C = C_pi / k. k is categorical: the
#    powers of ten 1 ... 10^6 at equal spacing and, apart from them, the greedy limit (C -> 0,
#    "k = ∞"), which is no number on the axis. One panel per γ; colour = samples per pair.
set output dir.'/figures/improvement.pdf'
kpos(s) = s eq "greedy" ? 8 : log10(real(s))
numeric(s) = s ne "greedy"
set xrange [-0.5:8.6]
set xtics ("1" 0, "" 1 1, "10^{/=8 2}" 2, "" 3 1, "10^{/=8 4}" 4, "" 5 1, "10^{/=8 6}" 6, "greedy" 8)
set arrow 1 from 7, graph 0 to 7, graph 1 nohead lc rgb "#999999" dt 3
set yrange [-0.02:0.45]; set format y "%.1f"
samples = "10 100 1000"
spt(n) = n eq "10" ? 7 : n eq "100" ? 5 : 9
set multiplot
pl(k) = 0.085 + (k-1)*0.31
sampled(g, n, s) = strcol("advantages") eq "sampled" && column("gamma") == g+0 && column("samples") == n+0 && (s ? numeric(strcol("kappa")) : !numeric(strcol("kappa")))
exact(g, s) = strcol("advantages") eq "exact" && column("gamma") == g+0 && (s ? numeric(strcol("kappa")) : !numeric(strcol("kappa")))
do for [k=1:3] {
    g = word("0.5 0.9 0.99", k)
    set lmargin at screen pl(k); set rmargin at screen pl(k) + 0.265
    set tmargin at screen 0.9; set bmargin at screen 0.36
    set xlabel "k   (C = C_{/=8 π} / k)"
    if (k == 1) { set ylabel "fraction lowering J" } else { unset ylabel }
    set title "γ = ".g font ",10"
    plot for [i=1:3] dir.'/improvement.csv' using (sampled(g, word(samples,i), 1) ? kpos(strcol("kappa")) : NaN):(1-column("improved_fraction")) \
            w lp pt spt(word(samples,i)) ps 0.6 lc rgb colour(i), \
         for [i=1:3] dir.'/improvement.csv' using (sampled(g, word(samples,i), 0) ? kpos(strcol("kappa")) : NaN):(1-column("improved_fraction")) \
            w p pt spt(word(samples,i)) ps 0.6 lc rgb colour(i), \
         dir.'/improvement.csv' using (exact(g, 1) ? kpos(strcol("kappa")) : NaN):(1-column("improved_fraction")) w lp pt 6 ps 0.8 lc rgb refcolour, \
         dir.'/improvement.csv' using (exact(g, 0) ? kpos(strcol("kappa")) : NaN):(1-column("improved_fraction")) w p pt 6 ps 0.8 lc rgb refcolour
}
unset logscale; unset border; unset tics; unset grid; unset xlabel; unset ylabel; unset title; unset arrow 1
set lmargin at screen 0.02; set rmargin at screen 0.98; set tmargin at screen 0.17; set bmargin at screen 0
set xrange [0:1]; set yrange [0:1]
set key center center horizontal Left reverse width 1
plot for [i=1:3] NaN w lp pt spt(word(samples,i)) ps 0.6 lc rgb colour(i) t "estimated advantages, N = ".word(samples,i), \
     NaN w lp pt 6 ps 0.8 lc rgb refcolour t "exact advantages"
unset multiplot
set border; set tics; set tics font ",9"; set grid lc rgb "#dddddd"; set xtics autofreq; set autoscale xy
set key default; set key font ",9" samplen 2.5 spacing 1.1 noautotitle
set margins -1, -1, -1, -1

# 2. The closed form against an independent optimiser: shortfall / rounding tolerance.
set output dir.'/figures/maximiser.pdf'
set terminal pdfcairo size 6.5in,2.5in
set logscale x; set format x logfmt
set xlabel "temperature C"; set ylabel "shortfall / tolerance"
unset title
set yrange [-0.6:1.4]; set format y "%.1f"
set key outside right top vertical Left reverse
plot dir.'/maximiser.csv' using (column("temperature")):(column("shortfall")/column("tolerance")) w p pt ptfilled ps 0.3 lc rgb colour(1) t "one trial (best of the two checks)", \
     1 w l lc rgb refcolour lw 2.5 t "rounding tolerance (ratio 1)", \
     0 w l lc rgb "#777777" dt 2 t "closed form exactly attained"
unset logscale x; set format x "%g"; set autoscale y

# 3. Convergence from the uniform policy: median normalised gap (J* - J)/(J* - J_0), quartile band;
#    2 x 2 panels (Garnet, gridworld) x (γ = 0.9, 0.99) and the key below them.
set output dir.'/figures/curves.pdf'
set terminal pdfcairo size 6.5in,5.2in
floor7(x) = x > 1e-7 ? x : 1e-7
algorithms = "rule-theorem rule-tuned policy-iteration npg ppo-clip soft-pi"
alglabel(a) = a eq "rule-theorem" ? "analytical rule, C = C_{/=8 π}" : a eq "rule-tuned" ? "analytical rule, tuned C" : \
              a eq "policy-iteration" ? "policy iteration" : a eq "npg" ? "natural policy gradient" : \
              a eq "ppo-clip" ? "PPO-clip (exact)" : "soft policy iteration"
algdash(i) = i <= 2 ? 1 : i <= 4 ? 2 : 4
# The rows of one panel's series: family f, γ g, algorithm a.
series(f, g, a) = strcol("family") eq f && column("gamma") == g+0 && strcol("algorithm") eq a
set multiplot
set logscale xy; set format x logfmt; set format y logfmt
set xrange [1:*]; set yrange [1e-6:2]
set key off
k = 0
do for [family in "garnet gridworld"] {
  do for [g in "0.9 0.99"] {
    k = k + 1
    col = (k - 1) % 2; row = (k - 1) / 2
    set lmargin at screen 0.1 + col*0.47; set rmargin at screen 0.1 + col*0.47 + 0.41
    set tmargin at screen 0.92 - row*0.42; set bmargin at screen 0.92 - row*0.42 - 0.29
    set xlabel (row == 1 ? "iteration + 1" : "")
    if (col == 0) { set ylabel "(J* − J) / (J* − J_{/=8 0})" } else { unset ylabel }
    set title (family eq "garnet" ? "Garnet MDPs" : "gridworld").", γ = ".g font ",10"
    plot for [i=1:words(algorithms)] dir.'/curves-summary.csv' \
            using (series(family, g, word(algorithms,i)) ? column("iteration")+1 : NaN):(floor7(column("gap_q25"))):(floor7(column("gap_q75"))) \
            w filledcurves lc rgb colour(i) fs transparent solid 0.15 noborder, \
         for [i=1:words(algorithms)] dir.'/curves-summary.csv' \
            using (series(family, g, word(algorithms,i)) ? column("iteration")+1 : NaN):(floor7(column("median_gap"))) \
            w l lw 1.8 lc rgb colour(i) dt algdash(i)
  }
}
unset logscale; unset border; unset tics; unset grid; unset xlabel; unset ylabel; unset title
set lmargin at screen 0.02; set rmargin at screen 0.98; set tmargin at screen 0.1; set bmargin at screen 0
set xrange [0:1]; set yrange [0:1]
set key center center horizontal Left reverse width 1 maxrows 2
plot for [i=1:words(algorithms)] NaN w l lw 1.8 lc rgb colour(i) dt algdash(i) t alglabel(word(algorithms,i))
unset multiplot
