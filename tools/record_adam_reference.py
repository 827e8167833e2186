#!/usr/bin/env python3
"""Records PyTorch's Adam on a fixed gradient sequence, for NeuralTests (run by hand; needs torch).

Writes Tests/NeuralTests/Fixtures/adam-pytorch.json: the initial parameters, the gradients of each
step, and the parameters after each step, in float64, with PyTorch's version.
"""
import json, os, tempfile
import torch

torch.set_default_dtype(torch.float64)
theta0 = [0.5, -1.0, 2.0, 0.0, 1e-3]
grads = [[0.1, -0.2, 3.0, 0.0, 1e-6], [-0.1, 0.3, 2.5, 1e-4, -1e-6], [0.05, -0.05, -1.0, 2e-4, 0.0],
         [0.2, 0.1, 0.5, -3e-4, 5e-7], [0.0, 0.0, 0.0, 0.0, 0.0], [1.0, -1.0, 1.0, -1.0, 1.0]]
p = torch.nn.Parameter(torch.tensor(theta0))
opt = torch.optim.Adam([p], lr=0.01, betas=(0.9, 0.999), eps=1e-5)
trace = []
for g in grads:
    opt.zero_grad()
    p.grad = torch.tensor(g)
    opt.step()
    trace.append(p.detach().tolist())
out = {"torch": torch.__version__, "learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-5,
       "theta0": theta0, "gradients": grads, "after_each_step": trace}
target = os.path.join(os.path.dirname(__file__), "..", "Tests", "NeuralTests", "Fixtures", "adam-pytorch.json")
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target))
with os.fdopen(fd, "w") as f:
    json.dump(out, f, indent=1)
os.replace(tmp, target)
print("wrote", target)
