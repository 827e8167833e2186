# Figures of the special-cases experiment (C6, C7, C8).
# Usage: gnuplot -e "dir='results/special-cases'" experiments/special-cases/plots.gp
if (!exists("dir")) dir = 'results/special-cases'
set datafile separator comma
set datafile missing ""
set terminal pdfcairo size 5in,3.3in font "Helvetica,10"
set grid lc rgb "#dddddd"
gammas = "0.5 0.7 0.9 0.95 0.99 0.999"

# 1. REPS: the temperature eta* its dual picks, relative to the theorem's C_pi, against the KL budget.
set output dir.'/figures/reps.pdf'
set logscale xy; set format x "10^{%L}"; set format y "10^{%L}"
set xlabel "REPS KL budget ε"; set ylabel "η* / C_π"
set title "C7: REPS's η* against the theorem's constant (REPS conditional = rule at C = η*)"
set key bottom left box opaque font ",7"
plot for [i=1:words(gammas)] dir.'/reps.csv' using ($1 == word(gammas,i)+0 ? $3 : NaN):6 w p pt 7 ps 0.4 lc i t "γ=".word(gammas,i), \
     1 w l lc rgb "black" dt 2 t "η* = C_π"

# 2. PPO: the realised ratio interval of each update, against 1 - gamma, per kappa.
set output dir.'/figures/ppo.pdf'
set xrange [0.6:0.0007]
set yrange [1e-4:1e3]
set xlabel "1 - γ"; set ylabel "π_{new}/π_{old}: min (open, floored at 10^{-4}) and max (filled)"
set title "C7: the rule's ratio interval against PPO's clip range [0.8, 1.2]"
set key top left box opaque font ",7"
kappas = "1 100 10000 1000000"
plot for [i=1:words(kappas)] dir.'/ppo-ratios.csv' using ($2 == word(kappas,i)+0 ? 1-$1 : NaN):5 w p pt 7 ps 0.4 lc i t "κ=".word(kappas,i), \
     for [i=1:words(kappas)] dir.'/ppo-ratios.csv' using ($2 == word(kappas,i)+0 ? 1-$1 : NaN):($4 > 1e-4 ? $4 : 1e-4) w p pt 6 ps 0.4 lc i notitle, \
     1.2 w l lc rgb "black" dt 2 t "1 ± 0.2", 0.8 w l lc rgb "black" dt 2 notitle
set autoscale x; set autoscale y

# 3. Soft policy iteration: distance to the soft-optimal Q*, alpha = 0.1, per instance.
set output dir.'/figures/soft.pdf'
unset logscale x; set format x "%g"
set xlabel "iteration"; set ylabel "‖Q^{soft}_k - Q*‖_∞"
set title "C8: soft policy iteration converges to Q* (α = 0.1)"
set yrange [1e-16:*]
plot for [i=1:words(gammas)] dir.'/soft-convergence.csv' using ($1 == word(gammas,i)+0 && $2 == 0.1 ? $4 : NaN):($5 > 1e-16 ? $5 : 1e-16) \
        w l lc i t "γ=".word(gammas,i)
set autoscale y

# 4. Multi-agent: the change in J, sequential against simultaneous updates (random games, greedy limit).
set output dir.'/figures/games.pdf'
unset logscale; set format x "%g"; set format y "%g"
set xlabel "ΔJ, one agent at a time"; set ylabel "ΔJ, both agents at once"
set title "C6: sequential updates never lower J; simultaneous ones can"
set key bottom right box opaque font ",7"
plot dir.'/games.csv' using (strcol(1) eq "random" && strcol(3) eq "greedy" ? $5 : NaN):6 w p pt 7 ps 0.35 lc rgb "#3060a0" t "random games, greedy", \
     dir.'/games.csv' using (strcol(1) eq "random" && strcol(3) eq "1000000.0" ? $5 : NaN):6 w p pt 6 ps 0.35 lc rgb "#c05020" t "random games, C_π/10^6", \
     0 w l lc rgb "black" dt 2 notitle
