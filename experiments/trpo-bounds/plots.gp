# Figures of the trpo-bounds experiment (C3, C4).
# Columns are read by header name (column("name"), strcol("name")), never by position.
# Usage: gnuplot -e "dir='results/trpo-bounds'" experiments/trpo-bounds/plots.gp
#
# Print size: every canvas is 6.5in wide, the width at which the report includes it (at natural
# size), and every text is at least 8 pt there (fontscale 0.75: a font's nominal size is its printed
# size; labels 10 pt, ticks and keys 9 pt, sub/superscripts 8 pt). Keys sit outside the plots.
if (!exists("dir")) dir = 'results/trpo-bounds'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set terminal pdfcairo size 6.5in,2.8in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set tics font ",9"
set key font ",9" samplen 2.5 spacing 1.1 noautotitle
set grid lc rgb "#dddddd"
logfmt = "10^{/=8 %L}"
bounds = "trpo-tv trpo-tv-simple trpo-kl expected-kl cpo-tv cpo-kl"
label(b) = b eq "trpo-tv" ? "TRPO TV (sharp)" : b eq "trpo-tv-simple" ? "TRPO TV (Thm 1)" : \
           b eq "trpo-kl" ? "TRPO max-KL" : b eq "expected-kl" ? "expected-KL (Li et al.)" : \
           b eq "cpo-tv" ? "CPO TV" : "CPO KL (Pinsker)"
# One colour and one point type per bound (Okabe-Ito colours), so that the six stay apart in print.
palette = "#0072B2 #56B4E9 #009E73 #D55E00 #CC79A7 #E69F00"
bcolour(i) = word(palette, i)
bpoint(i) = i == 1 ? 7 : i == 2 ? 6 : i == 3 ? 5 : i == 4 ? 9 : i == 5 ? 13 : 11
# The paths.csv column of bound b: "bound_" and b with every "-" replaced by "_".
underscored(s) = strstrt(s, "-") == 0 ? s : underscored(s[1:strstrt(s, "-")-1]."_".s[strstrt(s, "-")+1:])
boundcol(b) = "bound_".underscored(b)
# Reference lines: black (bound = error, ratio = 1); the stated range's edge γ = 0.5: grey dotted.
refcolour = "black"
edgecolour = "#777777"
ptfilled = 7
set logscale x
set format x logfmt
set xrange [1:0.0008]
set xlabel "1 − γ   (γ grows to the right)"
set arrow 1 from 0.5, graph 0 to 0.5, graph 1 nohead dt 3 lw 1.5 lc rgb edgecolour
edge = "NaN with lines dt 3 lw 1.5 lc rgb edgecolour title 'γ = 0.5 (edge of stated range)'"
set key outside right top vertical Left reverse

# 1. Which bound is smaller, per γ.
set output dir.'/figures/tighter.pdf'
set ylabel "fraction of instances"; set yrange [-0.02:1.02]; set format y "%.1f"
pair(a, b) = strcol("smaller") eq a && strcol("larger") eq b
plot dir.'/tighter.csv' using (pair("expected-kl", "trpo-kl") ? 1-column("gamma") : NaN):(column("fraction")) w lp lc rgb bcolour(4) pt 9 ps 0.7 t "expected-KL < TRPO max-KL", \
     dir.'/tighter.csv' using (pair("expected-kl", "trpo-tv") ? 1-column("gamma") : NaN):(column("fraction")) w lp lc rgb bcolour(4) dt 2 pt 8 ps 0.7 t "expected-KL < TRPO TV (sharp)", \
     dir.'/tighter.csv' using (pair("cpo-tv", "trpo-tv") ? 1-column("gamma") : NaN):(column("fraction")) w lp lc rgb bcolour(5) pt 13 ps 0.7 t "CPO TV < TRPO TV (sharp)", \
     dir.'/tighter.csv' using (pair("cpo-tv", "expected-kl") ? 1-column("gamma") : NaN):(column("fraction")) w lp lc rgb bcolour(5) dt 2 pt 12 ps 0.7 t "CPO TV < expected-KL", \
     @edge
set autoscale y

# 2. Looseness: median bound/error (solid) and the tightest instance (dashed), per γ.
set output dir.'/figures/looseness.pdf'
set logscale y; set format y logfmt
set ylabel "bound / error"
plot for [i=1:words(bounds)] dir.'/bounds-summary.csv' using (strcol("bound") eq word(bounds,i) ? 1-column("gamma") : NaN):(column("median_looseness")) \
        w lp lc rgb bcolour(i) pt bpoint(i) ps 0.6 t label(word(bounds,i)), \
     for [i=1:words(bounds)] dir.'/bounds-summary.csv' using (strcol("bound") eq word(bounds,i) ? 1-column("gamma") : NaN):(column("worst_looseness")) \
        w l lc rgb bcolour(i) dt 2, \
     NaN w lp lc rgb "black" pt 7 ps 0.6 t "median over instances", \
     NaN w l lc rgb "black" dt 2 t "tightest instance", \
     1 w l lc rgb refcolour lw 2.5 t "bound = error", \
     @edge

# 3. Adversarial search: the largest error/bound found, per γ.
set output dir.'/figures/adversarial.pdf'
set ylabel "largest error / bound found"
plot for [i=1:words(bounds)] dir.'/adversarial.csv' using (strcol("bound") eq word(bounds,i) ? 1-column("gamma") : NaN):(column("best_ratio")) \
        w lp lc rgb bcolour(i) pt bpoint(i) ps 0.6 t label(word(bounds,i)), \
     1 w l lc rgb refcolour lw 2.5 t "ratio 1: the bound fails above", \
     @edge

# 4. Error and bounds along one path of growing policy change (MDP 0), γ = 0.9 and 0.99:
#    two panels side by side and their key at the right.
set output dir.'/figures/paths.pdf'
set terminal pdfcairo size 6.5in,3in
unset arrow 1
set multiplot
set xrange [*:*]; set format x logfmt; set format y logfmt
set xlabel "α = max_{/=8 s} D_{/=8 TV}"
set key off
pl(k) = 0.085 + (k-1)*0.325
do for [k=1:2] {
  g = word("0.9 0.99", k)
  set lmargin at screen pl(k); set rmargin at screen pl(k) + 0.25
  set tmargin at screen 0.9; set bmargin at screen 0.17
  if (k == 1) { set ylabel "error or bound" } else { unset ylabel }
  set title "γ = ".g font ",10"
  plot dir.'/paths.csv' using (column("mdp") == 0 && column("gamma") == g+0 ? column("max_tv") : NaN):(column("error")) w l lw 3 lc rgb refcolour, \
       for [i=1:words(bounds)] dir.'/paths.csv' using (column("mdp") == 0 && column("gamma") == g+0 ? column("max_tv") : NaN):(column(boundcol(word(bounds,i)))) \
          w lp lc rgb bcolour(i) pt bpoint(i) ps 0.5 pi 8
}
unset logscale; unset border; unset tics; unset grid; unset xlabel; unset ylabel; unset title
set lmargin at screen 0.675; set rmargin at screen 0.99
set xrange [0:1]; set yrange [0:1]
set key at graph 0, graph 1 left top vertical Left reverse
plot NaN w l lw 3 lc rgb refcolour t "|J(π') − L_{/=8 π}(π')|", \
     for [i=1:words(bounds)] NaN w lp lc rgb bcolour(i) pt bpoint(i) ps 0.5 t label(word(bounds,i))
unset multiplot
