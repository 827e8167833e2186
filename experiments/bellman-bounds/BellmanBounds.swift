import ExperimentCLI
import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// The experiment as a pure computation: configuration and seed in, files out.
enum BellmanBounds: Experiment {
    static let name = "bellman-bounds"
    static let abstract = "C10: Bellman operators — contraction, convergence, policy iteration, and the loss bounds of Hamid's notes §3."

    static func configuration(for profile: Profile, options: NoExtraOptions) -> Configuration { .forProfile(profile) }

    /// Saved instances of an earlier run must not outlive it.
    static func prepare(output: OutputDirectory) throws {
        try? FileManager.default.removeItem(at: output.fileURL("counterexamples"))
    }

    static func run(_ config: Configuration, context: RunContext) throws -> ExperimentOutput {
        let masterSeed = context.masterSeed
        func runner(_ label: String) -> TrialRunner { context.runner("\(name) \(label)") }

        let cells = RandomSweep.cells(config)
        let sweep = try runner("sweep").run(count: cells.count) {
            try RandomSweep.run(cells[$0], kinds: config.kinds, masterSeed: masterSeed)
        }.flatMap { $0 }

        let tasks = AdversarialSearch.tasks(config)
        let searched = try runner("adversarial").run(count: tasks.count) {
            try AdversarialSearch.run(tasks[$0], config: config, masterSeed: masterSeed)
        }
        let bests = AdversarialSearch.bests(searched, config: config)

        let constructed = try config.discounts.flatMap { try Constructed.run(gamma: $0) }
        var constructedStates: [String: Int] = [:]
        for i in try Constructed.instances(gamma: config.discounts[0]) { constructedStates[i.name] = i.mdp.stateCount }

        let piRuns = PolicyIterationPart.runs(config)
        let iterationRuns = try runner("policy iteration").run(count: piRuns.count) {
            try PolicyIterationPart.run(piRuns[$0], masterSeed: masterSeed)
        }
        let smallCells = PolicyIterationPart.smallCells(config)
        let small = try runner("policy iteration, every start").run(count: smallCells.count) {
            try PolicyIterationPart.runSmall(smallCells[$0], masterSeed: masterSeed)
        }

        let convergenceRuns = ConvergencePart.runs(config)
        let convergence = try runner("convergence").run(count: convergenceRuns.count) {
            try ConvergencePart.run(convergenceRuns[$0], config: config, masterSeed: masterSeed)
        }

        let (savedFiles, savedTexts) = try saveInstances(config: config, sweep: sweep, bests: bests, constructed: constructed,
                                                         iterationRuns: iterationRuns, masterSeed: masterSeed)
        let entries = Entries(sweep: sweep, adversarial: searched, constructed: constructed, constructedStates: constructedStates)
        let findings = Findings(config: config, entries: entries, saved: savedFiles, sweepCount: sweep.count,
                                mdpCount: cells.count, adversarial: searched, constructedCount: constructed.count,
                                iterationRuns: iterationRuns, small: small, convergence: convergence)

        var output = ExperimentOutput()
        output.tables = [
            ("instances.csv", RandomSweep.table(sweep)),
            ("summary.csv", summaryTable(entries, config: config)),
            ("adversarial.csv", AdversarialSearch.table(bests, config: config)),
            ("constructed.csv", Constructed.table(constructed)),
            ("pi-steps.csv", PolicyIterationPart.stepTable(iterationRuns)),
            ("pi-iterations.csv", PolicyIterationPart.smallTable(small, config: config)),
            ("convergence.csv", ConvergencePart.table(convergence)),
            ("convergence-curves.csv", ConvergencePart.curveTable(convergence)),
            ("verdicts.csv", Verdict.table(findings.verdicts)),
        ]
        output.macros = findings.macros
        output.texts = [
            ("table-bounds.tex", findings.boundTable.text),
            ("table-gamma.tex", findings.gammaTable.text),
            ("table-iterations.tex", findings.iterationTable.text),
        ] + savedTexts
        return output
    }

    /// Per (γ, statement): how many instances, how many trustworthy, violations, the worst excess and
    /// the largest trustworthy ratio from each source.
    static func summaryTable(_ entries: Entries, config: Configuration) -> CSVTable {
        var table = CSVTable(columns: ["gamma", "statement", "label", "instances", "measurable", "violations", "worst_excess",
                                       "max_ratio_random", "max_ratio_adversarial", "max_ratio_constructed", "max_ratio"])
        for statement in Statement.allCases {   // ordered by (statement, γ): each plotted series is contiguous
            for gamma in config.discounts {
                let list = entries.of(statement, gamma: gamma)
                func best(_ source: Entry.Source?) -> CSVValue {
                    entries.bestRatio(statement, gamma: gamma, source: source).map { .double($0.check.ratio) } ?? .empty
                }
                table.append([.double(gamma), .string(statement.rawValue), .string(statement.label), .int(list.count),
                              .int(list.filter(\.check.measurable).count), .int(list.filter { !$0.check.holds }.count),
                              entries.worstExcess(statement, gamma: gamma).map { .finiteOrEmpty($0.check.excess) } ?? .empty,
                              best(.sweep), best(.adversarial), best(.constructed), best(nil)])
            }
        }
        return table
    }

    /// The instances that break a statement, as JSON: per (statement, γ) the constructed one and the
    /// smallest random one that break it (or, if neither does, the adversarial search's best point);
    /// and per γ the smallest Garnet policy-iteration step that leaves some state's value unchanged,
    /// with the constructed one at the γ nearest 0.9.
    static func saveInstances(config: Configuration, sweep: [RandomSweep.Outcome], bests: [AdversarialSearch.Outcome],
                              constructed: [Constructed.Outcome], iterationRuns: [PolicyIterationPart.RunOutcome],
                              masterSeed: UInt64) throws -> ([String: [String]], [(name: String, text: String)]) {
        var files: [String: [String]] = [:], texts: [(name: String, text: String)] = []
        func keep(_ key: String, _ name: String, _ text: String) {
            files[key, default: []].append(name)
            texts.append((name, text))
        }
        for statement in Statement.allCases {
            for gamma in config.discounts {
                let key = "\(statement.rawValue)/\(gamma)"
                for c in constructed where c.gamma == gamma && c.checks.checks[statement].map({ !$0.holds }) == true {
                    let i = try Constructed.instances(gamma: gamma).first { $0.name == c.name }!
                    keep(key, "counterexamples/\(statement.rawValue)-constructed-gamma-\(gamma).json",
                         try SavedInstance(statement: statement, note: "constructed: \(c.name)", mdp: i.mdp, value: i.value,
                                           second: i.second, policy: i.policy, check: c.checks.checks[statement]).json())
                }
                let broken = sweep.filter { $0.cell.gamma == gamma && $0.checks.checks[statement].map({ !$0.holds }) == true }
                if let w = broken.min(by: { ($0.cell.shape.states, -$0.checks.checks[statement]!.excess)
                                          < ($1.cell.shape.states, -$1.checks.checks[statement]!.excess) }) {
                    let (mdp, _, drawn) = try RandomSweep.draw(w.cell, kinds: config.kinds, masterSeed: masterSeed)
                    let d = drawn.first { $0.kind == w.kind }!
                    keep(key, "counterexamples/\(statement.rawValue)-random-gamma-\(gamma).json",
                         try SavedInstance(statement: statement,
                                           note: "random sweep: \(w.cell.shape) instance \(w.cell.instance), V \(w.kind.rawValue)",
                                           mdp: mdp, value: d.value, second: d.second, policy: d.policy,
                                           check: w.checks.checks[statement]).json())
                }
                if files[key] == nil, let b = bests.first(where: { $0.task.gamma == gamma && $0.task.statement == statement }),
                   let instance = b.instance {
                    keep(key, AdversarialSearch.fileName(b), try instance.json())
                }
            }
        }
        for gamma in config.discounts {
            let key = "lemma21-strict-every/\(gamma)"
            let candidates = iterationRuns.filter { $0.run.gamma == gamma && $0.run.shape != nil && $0.steps.contains { $0.unchangedStates > 0 } }
            if let w = candidates.min(by: { ($0.states, $0.run.index) < ($1.states, $1.run.index) }) {
                let (mdp, start) = try PolicyIterationPart.instance(w.run, masterSeed: masterSeed)
                let step = w.steps.first { $0.unchangedStates > 0 }!.step
                keep(key, "counterexamples/lemma21-strict-every-random-gamma-\(gamma).json",
                     try SavedPolicyIteration(note: "policy iteration on \(w.run.shape!) run \(w.run.index) from a random start",
                                              mdp: mdp, start: start, step: step).json())
            }
        }
        let nearest = config.discounts.min { abs($0 - 0.9) < abs($1 - 0.9) }!
        keep("lemma21-strict-every/\(nearest)", "counterexamples/lemma21-strict-every-constructed-gamma-\(nearest).json",
             try SavedPolicyIteration(note: "constructed: state 1 absorbing with the same reward under both actions",
                                      mdp: try PolicyIterationPart.constructed(gamma: nearest), start: [0, 0], step: 0).json())
        return (files, texts)
    }
}
