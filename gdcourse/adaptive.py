"""Adaptive update rules: each coordinate gets its own step, scaled by its gradients' history.

AdaGrad, RMSProp, Adam (with its AMSGrad option) and AdamW, each as defined in the PyTorch
documentation (``torch.optim``), defaults included. They follow the protocol of
:class:`gdcourse.optimizers.UpdateRule`.
"""
from __future__ import annotations

import numpy as np

from . import _validate
from .optimizers import UpdateRule

_ADAPTIVE_ADVICE = ("Try a smaller learning rate: an adaptive rule moves every coordinate by about lr per step, "
                    "however small its gradient.")


class AdaGrad(UpdateRule):
    """AdaGrad as in ``torch.optim.Adagrad`` (no weight decay).

    With learning rate γ, learning-rate decay η_d and ε, at step t with gradient g_t
    (all operations per coordinate)::

        γ̃_t = γ / (1 + (t − 1)·η_d)
        s_t = s_{t−1} + g_t²            (s_0 = initial_accumulator_value)
        x_t = x_{t−1} − γ̃_t · g_t / (√s_t + ε)

    Parameters
    ----------
    lr : float
        Learning rate γ (PyTorch's default 0.01).
    lr_decay : float
        Learning-rate decay η_d >= 0 (default 0: no decay).
    eps : float
        ε > 0, added after the square root (default 1e-10).
    initial_accumulator_value : float
        Starting value s_0 >= 0 of every coordinate of the accumulator (default 0).

    Attributes
    ----------
    state_sum : numpy.ndarray or None
        The running sum of squared gradients s_t (None before the first step).
    """

    buffers = ("state_sum",)
    advice = _ADAPTIVE_ADVICE

    def __init__(self, lr: float = 0.01, lr_decay: float = 0.0, eps: float = 1e-10,
                 initial_accumulator_value: float = 0.0) -> None:
        self.lr_decay = _validate.nonnegative(lr_decay, "lr_decay")
        self.eps = _validate.positive(eps, "eps", "1e-10")
        self.initial_accumulator_value = _validate.nonnegative(initial_accumulator_value, "initial_accumulator_value")
        self.lr = lr
        super().__init__()

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        if self.state_sum is None:
            self.state_sum = np.full(x.shape, self.initial_accumulator_value)
        clr = self.lr / (1.0 + (self.t - 1) * self.lr_decay)
        self.state_sum = self.state_sum + g * g
        return x - clr * g / (np.sqrt(self.state_sum) + self.eps)

    def __repr__(self) -> str:
        return f"AdaGrad(lr={self.lr:g}, lr_decay={self.lr_decay:g}, eps={self.eps:g})"


class RMSProp(UpdateRule):
    """RMSProp as in ``torch.optim.RMSprop`` (not centered, no momentum, no weight decay).

    With learning rate γ, smoothing constant α and ε, at step t with gradient g_t
    (per coordinate)::

        v_t = α·v_{t−1} + (1 − α)·g_t²     (v_0 = 0; there is no bias correction)
        x_t = x_{t−1} − γ · g_t / (√v_t + ε)

    Parameters
    ----------
    lr : float
        Learning rate γ (PyTorch's default 0.01).
    alpha : float
        Smoothing constant α in [0, 1) (default 0.99).
    eps : float
        ε > 0, added after the square root (default 1e-8).

    Attributes
    ----------
    square_avg : numpy.ndarray or None
        The moving average of squared gradients v_t (None before the first step).
    """

    buffers = ("square_avg",)
    advice = _ADAPTIVE_ADVICE

    def __init__(self, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8) -> None:
        self.alpha = _validate.fraction(alpha, "alpha", example="0.99")
        self.eps = _validate.positive(eps, "eps", "1e-8")
        self.lr = lr
        super().__init__()

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        previous = np.zeros_like(x) if self.square_avg is None else self.square_avg
        self.square_avg = self.alpha * previous + (1.0 - self.alpha) * g * g
        return x - self.lr * g / (np.sqrt(self.square_avg) + self.eps)

    def __repr__(self) -> str:
        return f"RMSProp(lr={self.lr:g}, alpha={self.alpha:g}, eps={self.eps:g})"


class Adam(UpdateRule):
    """Adam as in ``torch.optim.Adam``, with its ``weight_decay`` and ``amsgrad`` options.

    With learning rate γ, betas (β₁, β₂), ε and weight decay λ, at step t with gradient g_t
    (per coordinate)::

        g_t ← g_t + λ·x_{t−1}                     (only if λ ≠ 0: an L2 penalty ½λ‖x‖² in the gradient)
        m_t = β₁·m_{t−1} + (1 − β₁)·g_t          (m_0 = 0)
        v_t = β₂·v_{t−1} + (1 − β₂)·g_t²         (v_0 = 0)
        m̂_t = m_t / (1 − β₁^t)                   (bias correction)
        v̂_t = v_t / (1 − β₂^t),  or with amsgrad:  v_t^max = max(v_{t−1}^max, v_t),  v̂_t = v_t^max / (1 − β₂^t)
        x_t = x_{t−1} − γ · m̂_t / (√v̂_t + ε)

    The first step is therefore γ·g₁/(abs(g₁) + ε) ≈ γ·sign(g₁) in every coordinate. AMSGrad
    [Reddi, Kale and Kumar, 2018] keeps the largest second moment seen so far, so a coordinate's
    effective rate γ/√v̂_t can never grow back after a large gradient; the AMSGrad lines follow
    the current PyTorch documentation and implementation (the maximum is taken before the bias
    correction).

    Parameters
    ----------
    lr : float
        Learning rate γ (PyTorch's default 0.001).
    betas : (float, float)
        Decay rates (β₁, β₂), each in [0, 1) (default (0.9, 0.999)).
    eps : float
        ε > 0, added after the square root of v̂_t (default 1e-8).
    weight_decay : float
        λ >= 0, added to the gradient as λ·x (default 0: none). :class:`AdamW` decouples it instead.
    amsgrad : bool
        Use the AMSGrad variant (default False).

    Attributes
    ----------
    m, v : numpy.ndarray or None
        The moving averages of the gradient and of its square, before bias correction
        (None before the first step).
    v_max : numpy.ndarray or None
        With ``amsgrad``, the largest ``v`` so far, per coordinate (otherwise always None).
    """

    buffers = ("m", "v", "v_max")
    advice = _ADAPTIVE_ADVICE

    def __init__(self, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False) -> None:
        if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2) such as (0.9, 0.999), got {betas!r}.")
        self.betas = (_validate.fraction(betas[0], "beta1"), _validate.fraction(betas[1], "beta2", example="0.999"))
        self.eps = _validate.positive(eps, "eps", "1e-8")
        self.weight_decay = _validate.nonnegative(weight_decay, "weight_decay")
        self.amsgrad = _validate.boolean(amsgrad, "amsgrad")
        self.lr = lr
        super().__init__()

    def _adam_step(self, g: np.ndarray) -> np.ndarray:
        """γ·m̂_t/(√v̂_t + ε) from the gradient g_t, updating the moment buffers."""
        beta1, beta2 = self.betas
        m = np.zeros_like(g) if self.m is None else self.m
        v = np.zeros_like(g) if self.v is None else self.v
        self.m = beta1 * m + (1.0 - beta1) * g
        self.v = beta2 * v + (1.0 - beta2) * g * g
        if self.amsgrad:
            self.v_max = self.v if self.v_max is None else np.maximum(self.v_max, self.v)
        m_hat = self.m / (1.0 - beta1**self.t)
        v_hat = (self.v_max if self.amsgrad else self.v) / (1.0 - beta2**self.t)
        return self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        if self.weight_decay:
            g = g + self.weight_decay * x
        return x - self._adam_step(g)

    def __repr__(self) -> str:
        options = (f", weight_decay={self.weight_decay:g}" if self.weight_decay else "") + \
                  (", amsgrad=True" if self.amsgrad else "")
        return f"Adam(lr={self.lr:g}, betas=({self.betas[0]:g}, {self.betas[1]:g}), eps={self.eps:g}{options})"


class AdamW(Adam):
    """AdamW as in ``torch.optim.AdamW``: Adam with decoupled weight decay [Loshchilov and Hutter, 2019].

    The weight decay shrinks the point directly instead of entering the gradient, so the
    adaptive denominator never rescales it::

        x'    = x_{t−1} − γ·λ·x_{t−1}
        x_t   = x' − γ · m̂_t / (√v̂_t + ε)     (m̂_t, v̂_t as in :class:`Adam`, from the plain g_t)

    With Adam's ``weight_decay`` the penalty λ·x is divided by √v̂_t like the rest of the gradient:
    a coordinate with large gradients is barely decayed, one with small gradients strongly.

    Parameters
    ----------
    lr : float
        Learning rate γ (default 0.001).
    betas : (float, float)
        Decay rates (β₁, β₂), each in [0, 1) (default (0.9, 0.999)).
    eps : float
        ε > 0 (default 1e-8).
    weight_decay : float
        Decoupled weight decay λ >= 0 (PyTorch's default 0.01).
    amsgrad : bool
        Use the AMSGrad variant (default False).
    """

    def __init__(self, lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.01, amsgrad: bool = False) -> None:
        super().__init__(lr, betas, eps, weight_decay, amsgrad)

    def _update(self, x: np.ndarray, g: np.ndarray) -> np.ndarray:
        return x - self.lr * self.weight_decay * x - self._adam_step(g)

    def __repr__(self) -> str:
        return (f"AdamW(lr={self.lr:g}, betas=({self.betas[0]:g}, {self.betas[1]:g}), eps={self.eps:g}, "
                f"weight_decay={self.weight_decay:g}{', amsgrad=True' if self.amsgrad else ''})")
