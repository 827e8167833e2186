# Figures of the bellman-bounds experiment (C10). Columns are read by their header names.
# Usage: gnuplot -e "dir='results/bellman-bounds'" experiments/bellman-bounds/plots.gp
# Sizes: half-width figures are drawn 3.2in wide and full-width ones 6.5in wide, the widths the report
# prints them at, so that 8-point fonts stay 8 points.
if (!exists("dir")) dir = 'results/bellman-bounds'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
gammas = "0.5 0.7 0.9 0.95 0.99 0.995 0.999"
statements = "lemma19 lemma22 prop24-optimal prop24-policy prop25 prop27 prop26-greedy prop26-greedy-sharp prop26-policy-residual"
label(s) = s eq "lemma19" ? "Lemma 19 (B_π contraction)" : s eq "lemma22" ? "Lemma 22 (B contraction)" : \
           s eq "prop24-optimal" ? "Prop. 24, V*" : s eq "prop24-policy" ? "Prop. 24, V_π" : \
           s eq "prop25" ? "Prop. 25, 2ε/(1-γ)" : s eq "prop27" ? "Prop. 27, 2γε/(1-γ)" : \
           s eq "prop26-greedy" ? "Prop. 26 corrected, ε/(1-γ)" : s eq "prop26-greedy-sharp" ? "Prop. 26 corrected, γε/(1-γ)" : \
           "Prop. 26, π's own residual"
style(i) = (i <= 4 ? 1 : i <= 6 ? 2 : 4)
colors = "#7b3294 #1b9e77 #56b4e9 #e69f00 #b8860b #0072b2 #d55e00 #000000 #cc79a7"

# 1. The largest trustworthy observed/bound per γ and statement: random sweep (left), adversarial
#    search (right). At 1 the bound is attained; above 1 it fails.
set terminal pdfcairo size 6.5in,3.1in font "Helvetica,8"
set output dir.'/figures/ratios.pdf'
set multiplot layout 1,2 margins 0.07,0.70,0.14,0.90 spacing 0.06
set logscale x
set xrange [0.6:0.0008]
set yrange [0:1.08]
set xlabel "1 - γ"
set ylabel "largest observed / bound"
set title "random Garnets (every kind of V)"
unset key
plot for [i=1:words(statements)] dir.'/summary.csv' \
        using (strcol("statement") eq word(statements,i) ? 1-column("gamma") : NaN):(column("max_ratio_random")) \
        w lp lc rgb word(colors,i) dt style(i) pt (4+i) ps 0.5 lw 1.2 notitle, \
     1 w l lc rgb "black" lw 0.8 notitle
set title "adversarial search (Nelder–Mead)"
unset ylabel
set key outside right top vertical Left reverse font ",8" samplen 2.5 spacing 1.1
plot for [i=1:words(statements)] dir.'/summary.csv' \
        using (strcol("statement") eq word(statements,i) ? 1-column("gamma") : NaN):(column("max_ratio_adversarial")) \
        w lp lc rgb word(colors,i) dt style(i) pt (4+i) ps 0.5 lw 1.2 t label(word(statements,i)), \
     1 w l lc rgb "black" lw 0.8 t "bound attained"
unset multiplot
unset title
set autoscale y

# 2. The constant a greedy policy's loss needs: loss·(1-γ)/ε on every random instance (points) and the
#    adversarial search's largest (line), against Proposition 25's 2 and Proposition 27's 2γ.
set terminal pdfcairo size 3.2in,2.9in font "Helvetica,8"
set output dir.'/figures/greedy-loss.pdf'
set xrange [0.6:0.0008]
set yrange [0:2.15]
set ylabel "greedy loss · (1-γ) / ε"
set key outside below center horizontal maxcols 2 font ",8" samplen 2
plot dir.'/instances.csv' using ((1-column("gamma"))*(1+0.3*(rand(0)-0.5))):(2*column("prop25_ratio")) \
        w p pt 7 ps 0.15 lc rgb "#88aacc" t "random instance", \
     dir.'/summary.csv' using (strcol("statement") eq "prop27" ? 1-column("gamma") : NaN):(2*column("gamma")*column("max_ratio_adversarial")) \
        w lp pt 5 ps 0.5 lc rgb "#cc3311" lw 1.2 t "adversarial search's largest", \
     2 w l lc rgb "black" dt 2 lw 1.2 t "Prop. 25: 2", \
     2*(1-x) w l lc rgb "black" lw 1.2 t "Prop. 27: 2γ"

# 3. Proposition 26: the loss over ε/(1-γ) when V ≥ V*, for an arbitrary policy (as written) and for
#    the greedy one (corrected). Above 1 the statement fails.
set output dir.'/figures/prop26.pdf'
set logscale y
set format y "10^{%L}"
set yrange [1e-4:1e4]
set ylabel "(V* - V_π)_{max} / (ε/(1-γ)),  V ≥ V*"
plot dir.'/instances.csv' using ((1-column("gamma"))*(1+0.3*(rand(0)-0.5))):(column("prop26-as-written_ratio")) \
        w p pt 7 ps 0.2 lc rgb "#cc3311" t "arbitrary π (as written)", \
     dir.'/instances.csv' using ((1-column("gamma"))*(1+0.3*(rand(0)-0.5))):(column("prop26-greedy_ratio")) \
        w p pt 7 ps 0.2 lc rgb "#3366aa" t "π greedy w.r.t. V (corrected)", \
     1 w l lc rgb "black" lw 1.2 t "bound", \
     (1-x) w l lc rgb "black" dt 2 lw 1.2 t "γ (sharper bound)"
unset logscale y
set format y "%g"
set autoscale y

# 4. Value iteration: ‖BⁿV₀ − V*‖/‖V₀ − V*‖ against n(1-γ) (one run per γ), with γⁿ (dashed).
set output dir.'/figures/convergence.pdf'
unset logscale x
set xrange [0:35]
set logscale y
set format y "10^{%L}"
set yrange [1e-16:2]
set xlabel "n (1 - γ)"
set ylabel "‖B^n V_0 - V*‖ / ‖V_0 - V*‖"
set key outside below center horizontal maxcols 4 font ",8" samplen 2
plot for [i=1:words(gammas)] dir.'/convergence-curves.csv' \
        using (strcol("operator") eq "optimal" && column("gamma") == word(gammas,i)+0 ? column("n_times_one_minus_gamma") : NaN):(column("error_ratio") > 0 ? column("error_ratio") : NaN) \
        w l lc i lw 1.5 t "γ=".word(gammas,i), \
     for [i=1:words(gammas)] dir.'/convergence-curves.csv' \
        using (strcol("operator") eq "optimal" && column("gamma") == word(gammas,i)+0 ? column("n_times_one_minus_gamma") : NaN):(column("geometric")) \
        w l lc i dt 2 lw 0.8 notitle
unset logscale y
set format y "%g"
set autoscale xy

# 5. Policy iteration: the most iterations from any deterministic start against the bound |A|^|S|.
set output dir.'/figures/pi-iterations.pdf'
set logscale xy 2
set xrange [1.5:40]
set yrange [1:40]
set xlabel "|A|^{|S|} (number of deterministic policies)"
set ylabel "iterations (policies evaluated)"
set key outside below center horizontal maxcols 2 font ",8" samplen 2
plot dir.'/pi-iterations.csv' using (strcol("family") eq "dense" ? column("bound")*0.96 : NaN):(column("max_iterations")) \
        w p pt 7 ps 0.6 lc rgb "#3366aa" t "largest, dense MDPs", \
     dir.'/pi-iterations.csv' using (strcol("family") eq "deterministic" ? column("bound")*1.04 : NaN):(column("max_iterations")) \
        w p pt 5 ps 0.6 lc rgb "#cc3311" t "largest, deterministic MDPs", \
     dir.'/pi-iterations.csv' using (column("bound")):(column("mean_iterations")) \
        w p pt 1 ps 0.6 lc rgb "#555555" t "mean over runs", \
     x w l lc rgb "black" lw 1.2 t "bound |A|^{|S|}"
