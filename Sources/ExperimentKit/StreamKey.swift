/// Where a trial's random stream comes from: (experiment, setting, trial index, master seed).
///
/// The stream seed is a hash of the four parts, so a trial's numbers depend on nothing else:
/// not on the order trials run in, nor on the thread that runs them.
///   seed = mix(mix(mix(mix(master) ⊕ fnv1a(experiment)) ⊕ fnv1a(setting)) ⊕ trial)
/// with `mix` SplitMix64's output function and `fnv1a` the 64-bit FNV-1a hash of the UTF-8 bytes.
public struct StreamKey: Hashable, Sendable, CustomStringConvertible {
    public var experiment: String
    public var setting: String
    public var trial: Int
    public var masterSeed: UInt64

    public init(experiment: String, setting: String, trial: Int, masterSeed: UInt64) {
        self.experiment = experiment
        self.setting = setting
        self.trial = trial
        self.masterSeed = masterSeed
    }

    /// The 64-bit seed of this trial's stream.
    public var seed: UInt64 {
        var h = SplitMix64.mix(masterSeed)
        h = SplitMix64.mix(h ^ StreamKey.fnv1a(experiment))
        h = SplitMix64.mix(h ^ StreamKey.fnv1a(setting))
        h = SplitMix64.mix(h ^ UInt64(bitPattern: Int64(trial)))
        return h
    }

    /// A fresh generator for this trial.
    public func generator() -> SeededGenerator { SeededGenerator(seed: seed) }

    public var description: String { "\(experiment)/\(setting)/#\(trial)@\(masterSeed)" }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash = FNV1a()
        hash.add(bytes: text.utf8)
        return hash.value
    }
}
