/// Haarnoja, Tang, Abbeel & Levine's (2017, "Reinforcement Learning with Deep Energy-Based Policies",
/// §6.1) multigoal task, restricted to the integer lattice so that it is a finite MDP.
///
/// The published task (the authors' `MultiGoalEnv`): a point mass at `x ∈ [−7, 7]²`, action (velocity)
/// `a ∈ [−1, 1]²`, deterministic dynamics `x' = clip(x + a, −7, 7)`, reward
/// `−30‖a‖² − min_g ‖x' − g‖²` over the goals `g ∈ {(5,0), (−5,0), (0,5), (0,−5)}`, plus 10 and the end
/// of the episode when `min_g ‖x' − g‖ < 1`; the start is near the origin.
/// On the lattice: positions `x ∈ {−7, …, 7}²` (225 states) and actions `a ∈ {−1, 0, 1}²` (9), the same
/// dynamics (a lattice point plus a lattice action is a lattice point), so only the goals themselves end
/// an episode; one absorbing state with reward 0 stands for "ended". The start is the origin.
///
/// Composition needs tasks with identical dynamics, so every task ends at any of the four goals; a task
/// differs only in which goals its reward counts: `−30‖a‖² − min_{g ∈ G} ‖x' − g‖² + 10·[x' ∈ G]`.
/// With `G` all four goals this is the published reward.
public enum MultigoalLattice {
    /// The four goals, in the published order.
    public static let goals: [(Int, Int)] = [(5, 0), (-5, 0), (0, 5), (0, -5)]
    public static let bound = 7
    public static let actionCostCoefficient = 30.0
    public static let distanceCostCoefficient = 1.0
    public static let goalReward = 10.0

    /// Lattice states `(x + 7)·15 + (y + 7)`, then the absorbing state.
    public static var side: Int { 2 * bound + 1 }
    public static var stateCount: Int { side * side + 1 }
    public static var absorbingState: Int { side * side }
    public static let actions: [(Int, Int)] = [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 0), (0, 1), (1, -1), (1, 0), (1, 1)]

    public static func state(_ x: Int, _ y: Int) -> Int { (x + bound) * side + (y + bound) }
    public static func position(_ s: Int) -> (Int, Int) { (s / side - bound, s % side - bound) }

    /// The task whose reward counts the goals at `goalIndices` (into `goals`), discount γ, start at the origin.
    /// Precondition: at least one goal index, each in 0..<4.
    public static func task(goalIndices: [Int], discount: Double) throws -> MDP {
        precondition(!goalIndices.isEmpty && goalIndices.allSatisfy { $0 >= 0 && $0 < goals.count })
        let n = stateCount, m = actions.count
        var transitions = [Double](repeating: 0, count: n * m * n)
        var rewards = [Double](repeating: 0, count: n * m)
        let counted = goalIndices.map { goals[$0] }
        for s in 0..<n {
            for (k, a) in actions.enumerated() {
                let row = (s * m + k) * n
                if s == absorbingState { transitions[row + s] = 1; continue }
                let (x, y) = position(s)
                let nx = min(bound, max(-bound, x + a.0)), ny = min(bound, max(-bound, y + a.1))
                let atGoal = goals.contains { $0 == (nx, ny) }
                transitions[row + (atGoal ? absorbingState : state(nx, ny))] = 1
                let distance = counted.map { Double(($0.0 - nx) * ($0.0 - nx) + ($0.1 - ny) * ($0.1 - ny)) }.min()!
                rewards[s * m + k] = -actionCostCoefficient * Double(a.0 * a.0 + a.1 * a.1)
                    - distanceCostCoefficient * distance + (counted.contains { $0 == (nx, ny) } ? goalReward : 0)
            }
        }
        var rho = [Double](repeating: 0, count: n)
        rho[state(0, 0)] = 1
        return try MDP(stateCount: n, actionCount: m, transitions: transitions, rewards: rewards,
                       discount: discount, initialDistribution: rho)
    }
}
