import ArgumentParser
import Control
import ExperimentKit
import OutputKit
import Foundation
import Locomotion

/// Replays an action sequence in a classic-control or MuJoCo environment and prints the trajectory
/// as CSV (`step, observation_0…, reward, terminated, truncated`): the same code the Gymnasium
/// fixture tests run. Classic control starts from `--state`; a MuJoCo task from `--qpos` and `--qvel`
/// (as after Gymnasium's `reset`: `mj_resetData`, then `set_state`).
@main
struct ControlReplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control-replay",
        abstract: "Replay actions in a classic-control or MuJoCo environment (Gymnasium 1.4.0 semantics); print the trajectory as CSV.")

    static var allIDs: String { (ClassicControlRegistry.ids + LocomotionRegistry.ids).joined(separator: ", ") }

    @Option(help: "Environment id: \(allIDs).")
    var env: String

    // `.unconditional`: a value may start with '-' (`--state -0.5,0.1`).
    @Option(parsing: .unconditional, help: "Classic control: the initial state, comma-separated (CartPole/Acrobot: 4 numbers; the others: 2).")
    var state: String?

    @Option(parsing: .unconditional, help: "MuJoCo: the initial qpos, comma-separated (nq numbers).")
    var qpos: String?

    @Option(parsing: .unconditional, help: "MuJoCo: the initial qvel, comma-separated (nv numbers).")
    var qvel: String?

    @Option(help: "CSV file with a header line, then one action per line: an index for discrete actions, one number for a 1-D box, the action's numbers comma-separated for a MuJoCo task.")
    var actions: String

    var isMuJoCo: Bool { LocomotionRegistry.ids.contains(env) }

    static func numbers(_ text: String, parameter: String, count: Int?, for env: String) throws -> [Double] {
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ $0?.isFinite == true }), count.map({ values.count == $0 }) ?? !values.isEmpty else {
            throw ValidationError(InputError(parameter: parameter, given: text,
                                             allowed: "\(count.map(String.init) ?? "one or more") finite comma-separated numbers for \(env)").description)
        }
        return values.map { $0! }
    }

    func validate() throws {
        if isMuJoCo {
            guard state == nil else {
                throw ValidationError(InputError(parameter: "--state", given: state!, allowed: "nothing for a MuJoCo task: give --qpos and --qvel").description)
            }
            guard let qpos, let qvel else {
                throw ValidationError(InputError(parameter: qpos == nil ? "--qpos" : "--qvel", given: "nothing",
                                                 allowed: "the initial state for \(env), comma-separated").description)
            }
            _ = try Self.numbers(qpos, parameter: "--qpos", count: nil, for: env)
            _ = try Self.numbers(qvel, parameter: "--qvel", count: nil, for: env)
            _ = try readActionRows()
            return
        }
        guard let length = ClassicControlRegistry.stateLength(id: env) else {
            throw ValidationError(InputError(parameter: "--env", given: env, allowed: Self.allIDs).description)
        }
        guard let state else {
            throw ValidationError(InputError(parameter: "--state", given: "nothing", allowed: "\(length) comma-separated numbers for \(env)").description)
        }
        _ = try Self.numbers(state, parameter: "--state", count: length, for: env)
        _ = try readActions()
    }

    func actionLines() throws -> [String] {
        guard let text = try? String(contentsOfFile: actions, encoding: .utf8) else {
            throw ValidationError(InputError(parameter: "--actions", given: actions, allowed: "a readable CSV file").description)
        }
        return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func readActions() throws -> [Double] {
        let discreteCount = [CartPole.id: 2, Acrobot.id: 3, MountainCar.id: 3][env]
        return try actionLines().enumerated().map { k, line in
            guard let a = Double(line.split(separator: ",").first.map(String.init) ?? ""), a.isFinite,
                  discreteCount.map({ a == a.rounded() && a >= 0 && Int(a) < $0 }) ?? true else {
                let allowed = discreteCount.map { "an integer from 0 to \($0 - 1)" } ?? "a finite number"
                throw ValidationError(InputError(parameter: "--actions (line \(k + 2))", given: line, allowed: allowed).description)
            }
            return a
        }
    }

    /// Each row's numbers (their count is checked against the task's actuators by the replay, before any step).
    func readActionRows() throws -> [[Double]] {
        try actionLines().enumerated().map { k, line in try Self.numbers(line, parameter: "--actions (line \(k + 2))", count: nil, for: env) }
    }

    func run() throws {
        let steps: [EnvironmentStep]
        if isMuJoCo {
            do {
                steps = try LocomotionRegistry.replay(id: env, qpos: try Self.numbers(qpos!, parameter: "--qpos", count: nil, for: env),
                                                      qvel: try Self.numbers(qvel!, parameter: "--qvel", count: nil, for: env),
                                                      actions: try readActionRows())
            } catch let error as InputError { throw ValidationError(error.description) }
        } else {
            let initial = try Self.numbers(state!, parameter: "--state", count: nil, for: env)
            steps = try ClassicControlRegistry.replay(id: env, state: initial, actions: try readActions()).map {
                // float32 observations, printed in their shortest float32 form
                EnvironmentStep(observation: $0.observation.map(Double.init), reward: $0.reward, terminated: $0.terminated, truncated: $0.truncated)
            }
        }
        let width = steps.first?.observation.count ?? 0
        var table = CSVTable(columns: ["step"] + (0..<width).map { "observation_\($0)" } + ["reward", "terminated", "truncated"])
        for (t, s) in steps.enumerated() {
            let observation: [CSVValue] = isMuJoCo ? s.observation.map { .double($0) } : s.observation.map { .string("\(Float($0))") }
            table.append([.int(t + 1)] + observation + [.double(s.reward), .int(s.terminated ? 1 : 0), .int(s.truncated ? 1 : 0)])
        }
        print(try table.rendered(), terminator: "")
    }
}
