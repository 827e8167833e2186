import ArgumentParser
import Control
import ExperimentKit
import Foundation

/// Replays an action sequence in a classic-control environment and prints the trajectory as CSV
/// (`step, observation_0…, reward, terminated, truncated`). The same code the Gymnasium fixture
/// tests run.
@main
struct ControlReplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control-replay",
        abstract: "Replay actions in a classic-control environment (Gymnasium 1.4.0 semantics); print the trajectory as CSV.")

    @Option(help: "Environment id: \(ClassicControlRegistry.ids.joined(separator: ", ")).")
    var env: String

    @Option(help: "Initial state, comma-separated (CartPole/Acrobot: 4 numbers; the others: 2).")
    var state: String

    @Option(help: "CSV file with a header line, then one action per line (an index for discrete actions).")
    var actions: String

    func validate() throws {
        guard let length = ClassicControlRegistry.stateLength(id: env) else {
            throw ValidationError(InputError(parameter: "--env", given: env,
                                             allowed: ClassicControlRegistry.ids.joined(separator: ", ")).description)
        }
        let values = state.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == length, values.allSatisfy({ $0?.isFinite == true }) else {
            throw ValidationError(InputError(parameter: "--state", given: state,
                                             allowed: "\(length) finite comma-separated numbers for \(env)").description)
        }
        _ = try readActions()
    }

    func readActions() throws -> [Double] {
        guard let text = try? String(contentsOfFile: actions, encoding: .utf8) else {
            throw ValidationError(InputError(parameter: "--actions", given: actions, allowed: "a readable CSV file").description)
        }
        let lines = text.split(whereSeparator: \.isNewline).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        let discreteCount = [CartPole.id: 2, Acrobot.id: 3, MountainCar.id: 3][env]
        return try lines.filter { !$0.isEmpty }.enumerated().map { k, line in
            guard let a = Double(line.split(separator: ",").first.map(String.init) ?? ""), a.isFinite,
                  discreteCount.map({ a == a.rounded() && a >= 0 && Int(a) < $0 }) ?? true else {
                let allowed = discreteCount.map { "an integer from 0 to \($0 - 1)" } ?? "a finite number"
                throw ValidationError(InputError(parameter: "--actions (line \(k + 2))", given: line, allowed: allowed).description)
            }
            return a
        }
    }

    func run() throws {
        let initial = state.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces))! }
        let steps = try ClassicControlRegistry.replay(id: env, state: initial, actions: try readActions())
        let width = steps.first?.observation.count ?? 0
        var table = CSVTable(columns: ["step"] + (0..<width).map { "observation_\($0)" } + ["reward", "terminated", "truncated"])
        for (t, s) in steps.enumerated() {
            table.append([.int(t + 1)] + s.observation.map { .string("\($0)") }   // float32, shortest form
                         + [.double(s.reward), .int(s.terminated ? 1 : 0), .int(s.truncated ? 1 : 0)])
        }
        print(try table.rendered(), terminator: "")
    }
}
