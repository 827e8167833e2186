import ExperimentKit
import Foundation

/// Where Gymnasium's MJCF model files are: the folder tools/install-mujoco.sh fills
/// (`.deps/gymnasium-assets` in this checkout), or the one named by `GYMNASIUM_MUJOCO_ASSETS`.
public struct AssetDirectory: Sendable, Equatable {
    public var path: String

    public init(path: String) { self.path = path }

    /// The folder the install script fills, found from this source file's place in the checkout;
    /// `GYMNASIUM_MUJOCO_ASSETS` overrides it.
    public static var installed: AssetDirectory {
        if let override = ProcessInfo.processInfo.environment["GYMNASIUM_MUJOCO_ASSETS"], !override.isEmpty {
            return AssetDirectory(path: override)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()   // Sources/Locomotion
            .deletingLastPathComponent().deletingLastPathComponent()             // the checkout
        return AssetDirectory(path: root.appendingPathComponent(".deps/gymnasium-assets").path)
    }

    /// The full path of `file`; throws if it is not there, saying how to install it.
    public func path(of file: String) throws -> String {
        let full = (path as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: full) else {
            throw InputError(parameter: "MuJoCo model file", given: full,
                             allowed: "a file installed by `make deps` (tools/install-mujoco.sh), or a folder named by GYMNASIUM_MUJOCO_ASSETS")
        }
        return full
    }
}
