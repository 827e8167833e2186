/// A square gridworld: states are cells `row·size + column`, actions up, down, left, right. An
/// action moves one cell in its direction with probability `1 − slip` and in a uniformly random
/// direction with probability `slip` (a move into a wall stays put). The goal cell (bottom-right)
/// is absorbing and pays reward 1 per step; every other step pays 0. Start: top-left.
public enum Gridworld {
    public static func make(size: Int, slip: Double, discount: Double) throws -> MDP {
        precondition(size >= 2 && slip >= 0 && slip <= 1)
        let n = size * size, m = 4, goal = n - 1
        let moves = [(-1, 0), (1, 0), (0, -1), (0, 1)]
        var transitions = [Double](repeating: 0, count: n * m * n)
        var rewards = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            for a in 0..<m {
                let row = (s * m + a) * n
                if s == goal { transitions[row + goal] = 1; rewards[s * m + a] = 1; continue }
                for (k, move) in moves.enumerated() {
                    let p = (k == a ? 1 - slip : 0) + slip / Double(m)
                    let r = s / size + move.0, c = s % size + move.1
                    let target = (r >= 0 && r < size && c >= 0 && c < size) ? r * size + c : s
                    transitions[row + target] += p
                }
            }
        }
        var rho = [Double](repeating: 0, count: n)
        rho[0] = 1
        return try MDP(stateCount: n, actionCount: m, transitions: transitions, rewards: rewards,
                       discount: discount, initialDistribution: rho)
    }
}
