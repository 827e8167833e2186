import CMuJoCo
import ExperimentKit
import Foundation

/// A MuJoCo model and its simulation data, loaded from an MJCF file by the official library
/// (`mj_loadXML`, `mj_makeData`). Every physical quantity comes from MuJoCo itself: this type only
/// calls its C API in the order Gymnasium's `MujocoEnv` does (Gymnasium 1.4.0, `mujoco_env.py`).
///
/// A reference type: it owns the C allocations and frees them when released. One instance belongs
/// to one environment, which is used by one thread at a time.
public final class Simulation {
    let model: UnsafeMutablePointer<mjModel>
    let data: UnsafeMutablePointer<mjData>
    /// `model.qpos0` and zeros: Gymnasium's `init_qpos` and `init_qvel`.
    public let initialQpos: [Double]
    public let initialQvel: [Double]

    /// Loads `path`. Throws a `NumericalError` with MuJoCo's message if the file does not load.
    public init(modelFile path: String) throws {
        var error = [CChar](repeating: 0, count: 1000)
        guard let model = mj_loadXML(path, nil, &error, Int32(error.count)) else {
            throw NumericalError("MuJoCo could not load \(path): \(String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        guard let data = mj_makeData(model) else {
            mj_deleteModel(model)
            throw NumericalError("MuJoCo could not allocate data for \(path)")
        }
        self.model = model
        self.data = data
        initialQpos = Array(UnsafeBufferPointer(start: data.pointee.qpos, count: Int(model.pointee.nq)))
        initialQvel = Array(UnsafeBufferPointer(start: data.pointee.qvel, count: Int(model.pointee.nv)))
    }

    deinit {
        mj_deleteData(data)
        mj_deleteModel(model)
    }

    /// The version of the MuJoCo library in use, e.g. "3.3.0".
    public static var libraryVersion: String { String(cString: mj_versionString()) }

    public var nq: Int { Int(model.pointee.nq) }
    public var nv: Int { Int(model.pointee.nv) }
    public var nu: Int { Int(model.pointee.nu) }
    public var nbody: Int { Int(model.pointee.nbody) }
    /// The physics time step (`model.opt.timestep`).
    public var timestep: Double { model.pointee.opt.timestep }

    /// `actuator_ctrlrange` as Gymnasium's action space declares it: rounded to float32.
    public var controlRange: (low: [Double], high: [Double]) {
        let r = UnsafeBufferPointer(start: model.pointee.actuator_ctrlrange, count: 2 * nu)
        return ((0..<nu).map { Double(Float(r[2 * $0])) }, (0..<nu).map { Double(Float(r[2 * $0 + 1])) })
    }

    public var qpos: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.qpos, count: nq) }
    public var qvel: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.qvel, count: nv) }
    public var ctrl: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.ctrl, count: nu) }
    /// Rows of `nbody` × `width` arrays of mjData, e.g. `xpos` (3), `cfrc_ext` (6), `cinert` (10).
    public var xpos: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.xpos, count: 3 * nbody) }
    public var xipos: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.xipos, count: 3 * nbody) }
    public var cfrcExt: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.cfrc_ext, count: 6 * nbody) }
    public var cinert: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.cinert, count: 10 * nbody) }
    public var cvel: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.cvel, count: 6 * nbody) }
    public var qfrcActuator: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.qfrc_actuator, count: nv) }
    public var qfrcConstraint: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: data.pointee.qfrc_constraint, count: nv) }
    public var siteXpos: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: data.pointee.site_xpos, count: 3 * Int(model.pointee.nsite))
    }
    public var bodyMass: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: model.pointee.body_mass, count: nbody) }

    /// The index of the body called `name` (`mj_name2id`); nil if there is none.
    public func bodyIndex(_ name: String) -> Int? {
        let id = mj_name2id(model, Int32(mjOBJ_BODY.rawValue), name)
        return id < 0 ? nil : Int(id)
    }

    /// `mj_resetData`: the model's initial state, every other field cleared.
    public func resetData() { mj_resetData(model, data) }

    /// Gymnasium's `set_state`: copies `qpos` and `qvel`, then `mj_forward`.
    /// Precondition: `qpos.count == nq`, `qvel.count == nv`.
    public func setState(qpos: [Double], qvel: [Double]) {
        precondition(qpos.count == nq && qvel.count == nv, "qpos needs \(nq) numbers and qvel \(nv)")
        qpos.withUnsafeBufferPointer { data.pointee.qpos.update(from: $0.baseAddress!, count: nq) }
        qvel.withUnsafeBufferPointer { data.pointee.qvel.update(from: $0.baseAddress!, count: nv) }
        mj_forward(model, data)
    }

    /// Gymnasium's `do_simulation`: `ctrl = control`, `mj_step` `substeps` times, then
    /// `mj_rnePostConstraint` (so that `cfrc_ext` and the other force quantities are current).
    /// Precondition: `control.count == nu`.
    public func step(control: [Double], substeps: Int) {
        precondition(control.count == nu, "the action needs \(nu) numbers")
        control.withUnsafeBufferPointer { data.pointee.ctrl.update(from: $0.baseAddress!, count: nu) }
        for _ in 0..<substeps { mj_step(model, data) }
        mj_rnePostConstraint(model, data)
    }

    /// `mj_getState`'s selection for a replay: time, qpos, qvel, act and the warm-start
    /// accelerations. With the controls (set by every step) and the applied forces (always zero
    /// here), it is everything the next `mj_step` depends on.
    static let replayStateSpec = UInt32(mjSTATE_TIME.rawValue | mjSTATE_QPOS.rawValue | mjSTATE_QVEL.rawValue
                                        | mjSTATE_ACT.rawValue | mjSTATE_WARMSTART.rawValue)

    /// The state a step starts from (see `replayStateSpec`). Setting it does not recompute derived
    /// quantities; the next `mj_step` does.
    public var replayState: [Double] {
        get {
            var state = [Double](repeating: 0, count: Int(mj_stateSize(model, Self.replayStateSpec)))
            mj_getState(model, data, &state, Self.replayStateSpec)
            return state
        }
        set {
            precondition(newValue.count == Int(mj_stateSize(model, Self.replayStateSpec)), "replay state of the wrong size")
            mj_setState(model, data, newValue, Self.replayStateSpec)
        }
    }

    /// Recomputes every derived quantity from the state (`mj_forward`), e.g. after `integrationState`
    /// is set.
    public func forward() { mj_forward(model, data) }
}
