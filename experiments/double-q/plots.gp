# Figures of the double-q experiment (C11). Columns are read by their header names.
# Usage: gnuplot -e "dir='results/double-q'" experiments/double-q/plots.gp
# Sizes: half-width figures are drawn 3.2in wide and full-width ones 6.5in wide, the widths the report
# prints them at, so that 8-point fonts stay 8 points.
if (!exists("dir")) dir = 'results/double-q'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
blue = "#0072b2"; orange = "#e69f00"; red = "#cc3311"

# 1. Estimators: the exact double-estimator bias against the single estimator's, one point per instance.
#    Points between the two dashed lines y = ±x/2 are where the double estimator "removes most" of the bias.
set terminal pdfcairo size 3.2in,2.8in font "Helvetica,8"
set output dir.'/figures/estimators.pdf'
set xlabel "single-estimator bias  E[max X̂] - max μ"
set ylabel "double-estimator bias"
set key outside below center horizontal font ",8" samplen 2
set xrange [0:*]
plot dir.'/estimators.csv' using "single_bias":"double_bias" w p pt 7 ps 0.4 lc rgb blue t "instance", \
     -x/2 w l dt 2 lc rgb "black" t "-x/2", x/2 w l dt 3 lc rgb "black" t "x/2"
unset xrange

# 2. Sutton & Barto's Example 6.7: fraction of left at A per episode, with 95% Wilson bands.
set output dir.'/figures/example67.pdf'
set xlabel "episode"
set ylabel "fraction of runs taking left at A"
set yrange [0:1]
set xrange [1:*]
plot dir.'/example67.csv' using (strcol("algorithm") eq "Q-learning" ? column("episode") : NaN):"wilson_lower":"wilson_upper" \
        w filledcurves fs transparent solid 0.3 noborder lc rgb red notitle, \
     '' using (strcol("algorithm") eq "Q-learning" ? column("episode") : NaN):"left_fraction" w l lw 1.2 lc rgb red t "Q-learning", \
     '' using (strcol("algorithm") eq "double Q-learning" ? column("episode") : NaN):"wilson_lower":"wilson_upper" \
        w filledcurves fs transparent solid 0.3 noborder lc rgb blue notitle, \
     '' using (strcol("algorithm") eq "double Q-learning" ? column("episode") : NaN):"left_fraction" w l lw 1.2 lc rgb blue t "double Q-learning", \
     0.05 w l dt 2 lc rgb "black" t "best ε-greedy (5%)"
unset yrange
unset xrange

# 3. Garnets: mean bias of the value estimate over Garnets against the number of updates, per setting
#    (γ, σ) and shape; Q-learning solid, double Q-learning dashed; bars are 95% bootstrap intervals.
set terminal pdfcairo size 6.5in,2.8in font "Helvetica,8"
set output dir.'/figures/garnet.pdf'
shapes = "G(20,4,3) G(10,10,2)"
states = "20 10"   # the shapes by their state counts (CSV columns hold no commas inside fields)
settings = "0.5:0.5 0.5:2.0 0.9:0.5 0.9:2.0"
colors = "#0072b2 #e69f00 #009e73 #cc3311"
gam(i) = real(word(settings,i)[1:3])
sig(i) = real(word(settings,i)[5:7])
# The x range comes from the data, so a profile whose settings are not all of the above (smoke) still
# draws: its panels show the settings it has.
stats dir.'/garnet-summary.csv' using "updates" nooutput
set xrange [STATS_min/1.5:STATS_max*1.5]
set multiplot layout 1,2 margins 0.07,0.80,0.15,0.90 spacing 0.08
set logscale x
set xlabel "updates"
set ylabel "mean over states of V̂ - V*"
do for [k=1:2] {
  set title word(shapes,k)
  if (k == 2) { set key outside right top vertical Left reverse font ",8" samplen 2.5 } else { unset key }
  plot for [i=1:4] dir.'/garnet-summary.csv' \
         using (column("states") == word(states,k)+0 && strcol("algorithm") eq "Q-learning" && column("gamma") == gam(i) && column("noise_sd") == sig(i) ? column("updates") : NaN):"mean_bias":"lower":"upper" \
         w yerrorlines lc rgb word(colors,i) pt 7 ps 0.4 t sprintf("Q, γ=%.1f σ=%.1f", gam(i), sig(i)), \
       for [i=1:4] '' \
         using (column("states") == word(states,k)+0 && strcol("algorithm") eq "double Q-learning" && column("gamma") == gam(i) && column("noise_sd") == sig(i) ? column("updates") : NaN):"mean_bias":"lower":"upper" \
         w yerrorlines dt 2 lc rgb word(colors,i) pt 6 ps 0.4 t sprintf("double, γ=%.1f σ=%.1f", gam(i), sig(i)), \
       0 w l lc rgb "black" notitle
}
unset multiplot
unset logscale x
unset xrange

# 4. DQN and Double DQN: mean over seeds of Q(s_t,a_t) - G_t of the greedy policy at each checkpoint, per
#    environment, with 95% bootstrap intervals over seeds.
set output dir.'/figures/dqn.pdf'
envs = "CartPole-v1 Acrobot-v1"
set multiplot layout 1,2 margins 0.07,0.85,0.15,0.90 spacing 0.08
set xlabel "environment steps"
set ylabel "predicted Q - Monte Carlo return"
do for [k=1:2] {
  set title word(envs,k)
  if (k == 2) { set key outside right top vertical Left reverse font ",8" samplen 2.5 } else { unset key }
  plot dir.'/dqn-summary.csv' using (strcol("environment") eq word(envs,k) && strcol("algorithm") eq "DQN" ? column("step") : NaN):"mean_overestimation":"lower":"upper" \
         w yerrorlines lc rgb red pt 7 ps 0.5 t "DQN", \
       '' using (strcol("environment") eq word(envs,k) && strcol("algorithm") eq "Double DQN" ? column("step") : NaN):"mean_overestimation":"lower":"upper" \
         w yerrorlines lc rgb blue pt 5 ps 0.5 t "Double DQN", \
       0 w l lc rgb "black" notitle
}
unset multiplot
