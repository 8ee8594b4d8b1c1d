//! A second-order predictor for the path's Euler steps: the turn of the
//! tangent between the last step and this one, per unit of arc length,
//! estimates the path's curvature, and half of it times the square of the
//! step's length is added to the step. Where the path curves smoothly the
//! step then errs by the cube of its length rather than the square, and
//! the step rule lengthens the steps (on rand13 the default ray's trace
//! took 135 Euler steps instead of 176). Where the estimate is stale it
//! makes things worse (session 21, without the rules here, lost sec4's and
//! rand11's traces), so it is used only in calm stretches (see
//! [`Turn::usable`]; the trace also keeps it off where `Dpsi` is near
//! singular).

/// Steps in a row, in one cell, that must have erred by at most the
/// target before the curvature is used.
pub(super) const CALM_STEPS: usize = 2;

/// The tangents of the last two steps of one cell.
pub(super) struct Turn<'a> {
    /// The unit tangent (`dz`, `dlambda`) of the last step taken and of
    /// this one (`m + 1` entries each).
    last: &'a mut [f64],
    unit: &'a mut [f64],
    /// The arc length of the last step; 0 where there is none in the cell.
    arc: f64,
    /// The length of this step's direction, per unit of its parameter.
    speed: f64,
    /// Steps in a row that erred by at most the target.
    calm: usize,
    /// Whether a step of this cell was taken back: the curvature is not
    /// used again in the cell.
    off: bool,
}

impl<'a> Turn<'a> {
    pub(super) fn new(last: &'a mut [f64], unit: &'a mut [f64]) -> Self {
        Turn {
            last,
            unit,
            arc: 0.0,
            speed: 0.0,
            calm: 0,
            off: false,
        }
    }

    /// At a cell's entry: `Dpsi` changes across the boundary, and with it
    /// the tangent, so the turn from the cell before means nothing here.
    pub(super) fn enter(&mut self) {
        self.arc = 0.0;
        self.calm = 0;
        self.off = false;
    }

    /// A step was taken back: the estimate led it astray, or the path
    /// bends more than the last steps showed.
    pub(super) fn taken_back(&mut self) {
        self.off = true;
        self.arc = 0.0;
        self.calm = 0;
    }

    /// Records this step's direction.
    pub(super) fn direction(&mut self, dz: &[f64], dlambda: f64) {
        let m = dz.len();
        let speed = (dz.iter().map(|a| a * a).sum::<f64>() + dlambda * dlambda).sqrt();
        self.speed = speed;
        if !(speed > 0.0 && speed.is_finite()) {
            self.arc = 0.0;
            return;
        }
        for (u, &d) in self.unit[..m].iter_mut().zip(dz) {
            *u = d / speed;
        }
        self.unit[m] = dlambda / speed;
    }

    /// Whether the curvature may be used for this step: the last
    /// [`CALM_STEPS`] steps of the cell erred by at most the target and
    /// none was taken back.
    pub(super) fn usable(&self) -> bool {
        !self.off && self.arc > 0.0 && self.calm >= CALM_STEPS
    }

    /// The curvature term of a step of `delta` along this step's
    /// direction, added to `z` and returned for `lambda`.
    pub(super) fn bend(&self, delta: f64, z_step: &mut [f64]) -> f64 {
        let m = z_step.len();
        let s = self.speed * delta;
        let k = 0.5 * s * s / self.arc;
        for ((x, &u), &l) in z_step
            .iter_mut()
            .zip(self.unit.iter())
            .zip(self.last.iter())
        {
            *x = k * (u - l);
        }
        k * (self.unit[m] - self.last[m])
    }

    /// This step was taken with parameter `delta`; `calm`: it erred by at
    /// most the target, from a point Newton had brought back to the path.
    pub(super) fn stepped(&mut self, delta: f64, calm: bool) {
        std::mem::swap(&mut self.last, &mut self.unit);
        self.arc = (self.speed * delta).abs();
        if calm {
            self.calm += 1;
        } else {
            self.calm = 0;
        }
    }
}
