import ExperimentKit
import OutputKit
import Foundation
import Tabular

/// Every check of one statement from the three sources (random sweep, adversarial search,
/// constructed instances), with a name for each instance so that a verdict row can cite it.
struct Entry: Sendable {
    enum Source: String, Sendable { case sweep, adversarial, constructed }
    var source: Source
    var gamma: Double
    var states: Int
    var label: String
    var check: Check
}

struct Entries: Sendable {
    var all: [Statement: [Entry]] = [:]

    /// Entries given directly (tests' hand-made data).
    init(all: [Statement: [Entry]]) { self.all = all }

    init(sweep: [RandomSweep.Outcome], adversarial: [AdversarialSearch.Outcome], constructed: [Constructed.Outcome],
         constructedStates: [String: Int]) {
        for o in sweep {
            for (statement, check) in o.checks.checks {
                all[statement, default: []].append(Entry(
                    source: .sweep, gamma: o.cell.gamma, states: o.cell.shape.states,
                    label: "\(o.cell.shape) instance \(o.cell.instance), V \(o.kind.rawValue), γ = \(o.cell.gamma)", check: check))
            }
        }
        for o in adversarial {
            guard let check = o.check else { continue }
            all[o.task.statement, default: []].append(Entry(
                source: .adversarial, gamma: o.task.gamma, states: o.task.states,
                label: "adversarial search, \(o.task.states) states, restart \(o.task.restart), γ = \(o.task.gamma)", check: check))
        }
        for o in constructed {
            for (statement, check) in o.checks.checks {
                all[statement, default: []].append(Entry(
                    source: .constructed, gamma: o.gamma, states: constructedStates[o.name] ?? 0,
                    label: "constructed: \(o.name), γ = \(o.gamma)", check: check))
            }
        }
        // A fixed order inside each statement, whatever order the dictionary filled in.
        for key in all.keys {
            all[key]!.sort { ($0.source.rawValue, $0.gamma, $0.label) < ($1.source.rawValue, $1.gamma, $1.label) }
        }
    }

    func of(_ statement: Statement, gamma: Double? = nil, source: Entry.Source? = nil) -> [Entry] {
        (all[statement] ?? []).filter { (gamma == nil || $0.gamma == gamma!) && (source == nil || $0.source == source!) }
    }

    /// The entry with the largest measurable ratio, if any.
    func bestRatio(_ statement: Statement, gamma: Double? = nil, source: Entry.Source? = nil) -> Entry? {
        of(statement, gamma: gamma, source: source).filter { $0.check.measurable && $0.check.ratio.isFinite }
            .max { $0.check.ratio < $1.check.ratio }
    }

    /// The entry with the largest excess over its bound (in tolerances).
    func worstExcess(_ statement: Statement, gamma: Double? = nil) -> Entry? {
        of(statement, gamma: gamma).max { $0.check.excess < $1.check.excess }
    }
}
