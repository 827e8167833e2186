# Figures of the trpo-bounds experiment (C3, C4).
# Usage: gnuplot -e "dir='results/trpo-bounds'" experiments/trpo-bounds/plots.gp
if (!exists("dir")) dir = 'results/trpo-bounds'
set datafile separator comma
set datafile missing ""
set terminal pdfcairo size 5in,3.3in font "Helvetica,10"
set grid lc rgb "#dddddd"
bounds = "trpo-tv trpo-tv-simple trpo-kl expected-kl cpo-tv cpo-kl"
label(b) = b eq "trpo-tv" ? "TRPO TV (sharp)" : b eq "trpo-tv-simple" ? "TRPO TV (Thm 1)" : \
           b eq "trpo-kl" ? "TRPO max-KL" : b eq "expected-kl" ? "expected-KL (Li et al.)" : \
           b eq "cpo-tv" ? "CPO TV" : "CPO KL (Pinsker)"
set logscale x
set xrange [1:0.0008]
set xlabel "1 - γ   (γ increases to the right; stated range of the expected-KL bound: 1-γ ≤ 0.5)"
set arrow 1 from 0.5, graph 0 to 0.5, graph 1 nohead dt 3 lc rgb "#888888"

# 1. Which bound is smaller, per γ.
set output dir.'/figures/tighter.pdf'
set ylabel "fraction of instances"; set yrange [-0.02:1.02]
set title "C4: how often the first bound is the smaller"
set key center left box opaque font ",8"
plot dir.'/tighter.csv' using (strcol(2) eq "expected-kl" && strcol(3) eq "trpo-kl" ? 1-$1 : NaN):4 w lp pt 7 ps 0.5 t "expected-KL < TRPO max-KL", \
     dir.'/tighter.csv' using (strcol(2) eq "expected-kl" && strcol(3) eq "trpo-tv" ? 1-$1 : NaN):4 w lp pt 5 ps 0.5 t "expected-KL < TRPO TV", \
     dir.'/tighter.csv' using (strcol(2) eq "cpo-tv" && strcol(3) eq "trpo-tv" ? 1-$1 : NaN):4 w lp pt 9 ps 0.5 t "CPO TV < TRPO TV", \
     dir.'/tighter.csv' using (strcol(2) eq "cpo-tv" && strcol(3) eq "expected-kl" ? 1-$1 : NaN):4 w lp pt 11 ps 0.5 t "CPO TV < expected-KL"
set autoscale y

# 2. Looseness: median bound/error (lines) and the tightest instance (dashed), per γ.
set output dir.'/figures/looseness.pdf'
set logscale y; set format y "10^{%L}"
set ylabel "bound / error"
set title "C3/C4: median looseness (solid) and tightest instance (dashed)"
set key top left box opaque font ",7"
plot for [i=1:words(bounds)] dir.'/bounds-summary.csv' using (strcol(2) eq word(bounds,i) ? 1-$1 : NaN):8 \
        w lp lc i pt 7 ps 0.4 t label(word(bounds,i)), \
     for [i=1:words(bounds)] dir.'/bounds-summary.csv' using (strcol(2) eq word(bounds,i) ? 1-$1 : NaN):11 \
        w l lc i dt 2 notitle, \
     1 w l lc rgb "black" lw 1.5 t "bound = error"

# 3. Adversarial search: the largest error/bound found, per γ.
set output dir.'/figures/adversarial.pdf'
set ylabel "largest error / bound found"
set title "C3/C4: adversarial search (above 1: the bound fails)"
set key bottom left box opaque font ",7"
plot for [i=1:words(bounds)] dir.'/adversarial.csv' using (strcol(2) eq word(bounds,i) ? 1-$1 : NaN):4 \
        w lp lc i pt 7 ps 0.5 t label(word(bounds,i)), \
     1 w l lc rgb "black" lw 1.5 t "ratio = 1"

# 4. Error and bounds along one path of growing policy change (MDP 0), γ = 0.9 and 0.99.
set output dir.'/figures/paths.pdf'
set terminal pdfcairo size 6.5in,3in font "Helvetica,9"
unset arrow 1
set multiplot layout 1,2
set xrange [*:*]; set format x "10^{%L}"
set xlabel "α = max_s D_{TV}"; set ylabel "value"
set key top left box opaque font ",6"
do for [g in "0.9 0.99"] {
  set title "γ = ".g
  plot dir.'/paths.csv' using ($1 == 0 && $2 == g+0 ? $4 : NaN):6 w l lw 2.5 lc rgb "black" t "|J(π') - L_π(π')|", \
       for [i=1:words(bounds)] dir.'/paths.csv' using ($1 == 0 && $2 == g+0 ? $4 : NaN):(column(6+i)) w l lc i t label(word(bounds,i))
}
unset multiplot
