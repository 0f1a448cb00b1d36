"""The 3-D view: a loss surface as shaded quadrilaterals, projected from numpy for an SVG.

    mesh = Mesh.from_grid(t, 30)                    # t (ny, nx) heights in [0, 1] -> a 30 × 30 mesh
    view = mesh.project(azimuth=0.6, elevation=0.5)  # angles in radians
    view.quads          # (k, 4, 2) corners in view units (about −1.6 … 1.6), far ones first
    view.shade          # (k,) mean height of each quad, for its colour, in the same order
    view.order          # (k,) which mesh quad each one is (row-major), to pick its colour
    project_points(u, v, z, 0.6, 0.5)                # (n, 2) points on the surface (paths)

The box is u, v ∈ [−1, 1] (u the map's x, v its y, from left to right and bottom to top) and
heights z ∈ [0, 1] drawn from −0.5 to 0.5 high. The view turns the box by ``azimuth`` about the
vertical axis, then tilts it by ``elevation`` towards the viewer (orthographic, no perspective).
Quads are sorted from far to near (painter's algorithm): drawn in that order, near ones hide
far ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

HEIGHT = 1.0  # the height of the box, in the same units as its half-width 1


def project_points(u, v, z, azimuth: float, elevation: float) -> tuple[np.ndarray, np.ndarray]:
    """Project points (u, v, height z in [0, 1]) -> (screen (n, 2) with y up, depth (n,))."""
    u, v = np.asarray(u, dtype=np.float64), np.asarray(v, dtype=np.float64)
    w = (np.asarray(z, dtype=np.float64) - 0.5) * HEIGHT
    ca, sa = math.cos(azimuth), math.sin(azimuth)
    ce, se = math.cos(elevation), math.sin(elevation)
    ur = u * ca - v * sa
    vr = u * sa + v * ca  # > 0: away from the viewer
    sy = w * ce + vr * se
    depth = vr * ce - w * se
    return np.stack([ur, sy], axis=-1), depth


@dataclass(frozen=True)
class Projected:
    quads: np.ndarray  # (k, 4, 2)
    shade: np.ndarray  # (k,)
    order: np.ndarray  # (k,) the mesh index of each quad drawn


@dataclass(frozen=True)
class Mesh:
    """Grid heights sampled on n × n vertices over the box."""

    u: np.ndarray  # (n, n)
    v: np.ndarray
    z: np.ndarray

    @classmethod
    def from_grid(cls, t: np.ndarray, n: int = 32) -> Mesh:
        """Sample an image-ordered height grid (row 0 = top = largest y) at n × n vertices
        (each the mean of its block of cells when the grid is at least n × n)."""
        t = np.clip(np.nan_to_num(np.asarray(t, dtype=np.float64), nan=1.0), 0.0, 1.0)
        ky, kx = t.shape[0] // n, t.shape[1] // n
        if ky >= 1 and kx >= 1:  # block means: a narrow valley is smoothed, not aliased
            z = t[: n * ky, : n * kx].reshape(n, ky, n, kx).mean(axis=(1, 3))
        else:
            rows = np.linspace(0, t.shape[0] - 1, n).round().astype(int)
            cols = np.linspace(0, t.shape[1] - 1, n).round().astype(int)
            z = t[np.ix_(rows, cols)]
        u, v = np.meshgrid(np.linspace(-1, 1, n), np.linspace(1, -1, n))
        return cls(u, v, z)

    def project(self, azimuth: float, elevation: float) -> Projected:
        """Return the quads, far to near, with their mean heights."""
        p, depth = project_points(self.u, self.v, self.z, azimuth, elevation)
        corners = np.stack([p[:-1, :-1], p[:-1, 1:], p[1:, 1:], p[1:, :-1]], axis=2)  # (n-1, n-1, 4, 2)
        d = (depth[:-1, :-1] + depth[:-1, 1:] + depth[1:, 1:] + depth[1:, :-1]).ravel()
        zq = ((self.z[:-1, :-1] + self.z[:-1, 1:] + self.z[1:, 1:] + self.z[1:, :-1]) / 4).ravel()
        order = np.argsort(-d, kind="stable")
        return Projected(corners.reshape(-1, 4, 2)[order], zq[order], order)
