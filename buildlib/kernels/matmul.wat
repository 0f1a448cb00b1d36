;; nnviz's matrix product for the browser: C = op(A) · op(B) in float32, WebAssembly SIMD128.
;;
;; It runs on numpy's own arrays: the module imports Pyodide's WebAssembly.Memory (web/js/
;; kernel.js finds it) and Python passes it numpy's data pointers. So it must never write
;; anywhere but C (and the caller's scratch): no data segment, no globals, no linear-memory
;; stack; everything lives in wasm locals.
;;
;;   matmul(m, n, k, a, sai, sap, b, sbp, sbj, c, ldc, scratch)
;;
;; A's element (i, p) is at a + 4·(i·sai + p·sap), B's element (p, j) at b + 4·(p·sbp + j·sbj),
;; C's element (i, j) at c + 4·(i·ldc + j); strides count float32 elements, so strided views
;; and both transposes are just other strides. m, n, k >= 1. For X·W: sai = k, sap = 1;
;; for Xᵀ·δ (X stored k × m): sai = 1, sap = m; for δ·Wᵀ: sbp = 1, sbj = k.
;;
;; C is tiled in 4×8 blocks, each held in eight f32x4 registers while p runs over k; the edges
;; use 4×4, 4×1, 1×8, 1×4 and 1×1 blocks. The blocks run down one column panel of B (k × 8
;; floats) before the next. B is first copied into scratch (k·n floats, owned by the caller) as
;; contiguous panels whenever more than one block row passes over each panel (m > 4) or its
;; rows are not contiguous (the 16-byte loads need sbj = 1): a panel read in place spans k cache
;; lines (a 784-row panel, 50 KB: more than L1), packed it is 32 bytes a row (25 KB). Every C
;; element is summed in the order p = 0, 1, …, k − 1 with a separate multiply and add, as
;; numpy's own (BLAS-free) loop does: results are numpy's bit for bit, packed or not. (A 4×8
;; block uses 11 of x86-64's 16 vector registers; 8×8 spills.)
;; A's values are broadcast straight from memory (v128.load32_splat: one load, no shuffle).
(module
  (import "env" "memory" (memory 1))

  (func (export "matmul")
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $sai i32) (param $sap i32)
    (param $b i32) (param $sbp i32) (param $sbj i32)
    (param $c i32) (param $ldc i32) (param $scratch i32)
    (local $j i32) (local $packed i32) (local $w i32) (local $bj i32) (local $sbw i32)
    ;; B is packed into panels when it is not row-contiguous (the 16-byte loads need that) or
    ;; when more than one block row of A will pass over each panel (m > 4): then each panel is
    ;; k × w contiguous floats, so it fills whole cache lines and stays in L1
    (local.set $packed (i32.or (i32.ne (local.get $sbj) (i32.const 1))
                               (i32.gt_u (local.get $m) (i32.const 4))))
    (if (local.get $packed)
      (then
        (call $pack (local.get $b) (i32.shl (local.get $sbp) (i32.const 2))
                    (i32.shl (local.get $sbj) (i32.const 2)) (local.get $k) (local.get $n)
                    (local.get $scratch))))
    ;; strides in bytes from here on
    (local.set $sai (i32.shl (local.get $sai) (i32.const 2)))
    (local.set $sap (i32.shl (local.get $sap) (i32.const 2)))
    (local.set $sbp (i32.shl (local.get $sbp) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    ;; column panels of B, 8 wide while 8 columns are left, then one 4 wide, then 1 wide
    (block $done
      (loop $panels
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $w (call $width (i32.sub (local.get $n) (local.get $j))))
        (if (local.get $packed)
          (then
            ;; panel j starts after j full columns of k floats; its rows are w floats apart
            (local.set $bj (i32.add (local.get $scratch)
                                    (i32.shl (i32.mul (local.get $j) (local.get $k)) (i32.const 2))))
            (local.set $sbw (i32.shl (local.get $w) (i32.const 2))))
          (else
            (local.set $bj (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $sbw (local.get $sbp))))
        (call $panel (local.get $w) (local.get $m) (local.get $k) (local.get $a) (local.get $sai) (local.get $sap)
                     (local.get $bj) (local.get $sbw)
                     (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldc))
        (local.set $j (i32.add (local.get $j) (local.get $w)))
        (br $panels))))

  ;; the width of the next column panel when `left` columns remain: 8, 4 or 1
  (func $width (param $left i32) (result i32)
    (if (result i32) (i32.ge_u (local.get $left) (i32.const 8))
      (then (i32.const 8))
      (else (if (result i32) (i32.ge_u (local.get $left) (i32.const 4))
        (then (i32.const 4))
        (else (i32.const 1))))))

  ;; C[:, j : j + w] = A · B[:, j : j + w] for a panel of width w = 8, 4 or 1 (bj: B(0, j),
  ;; cj: C(0, j)): rows in fours, then the last m mod 4 one at a time; strides in bytes
  (func $panel (param $w i32) (param $m i32) (param $k i32) (param $arow i32) (param $sai i32) (param $sap i32)
               (param $bj i32) (param $sbp i32) (param $crow i32) (param $ldc i32)
    (local $i i32)
    (block $rows4_done
      (loop $rows4
        (br_if $rows4_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
        (if (i32.eq (local.get $w) (i32.const 8))
          (then (call $k4x8 (local.get $k) (local.get $arow) (local.get $sai) (local.get $sap)
                            (local.get $bj) (local.get $sbp) (local.get $crow) (local.get $ldc)))
          (else (if (i32.eq (local.get $w) (i32.const 4))
            (then (call $k4x4 (local.get $k) (local.get $arow) (local.get $sai) (local.get $sap)
                              (local.get $bj) (local.get $sbp) (local.get $crow) (local.get $ldc)))
            (else (call $k4x1 (local.get $k) (local.get $arow) (local.get $sai) (local.get $sap)
                              (local.get $bj) (local.get $sbp) (local.get $crow) (local.get $ldc))))))
        (local.set $arow (i32.add (local.get $arow) (i32.shl (local.get $sai) (i32.const 2))))
        (local.set $crow (i32.add (local.get $crow) (i32.shl (local.get $ldc) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows4)))
    (block $rows1_done
      (loop $rows1
        (br_if $rows1_done (i32.ge_u (local.get $i) (local.get $m)))
        (if (i32.eq (local.get $w) (i32.const 8))
          (then (call $k1x8 (local.get $k) (local.get $arow) (local.get $sap) (local.get $bj) (local.get $sbp) (local.get $crow)))
          (else (if (i32.eq (local.get $w) (i32.const 4))
            (then (call $k1x4 (local.get $k) (local.get $arow) (local.get $sap) (local.get $bj) (local.get $sbp) (local.get $crow)))
            (else (call $k1x1 (local.get $k) (local.get $arow) (local.get $sap) (local.get $bj) (local.get $sbp) (local.get $crow))))))
        (local.set $arow (i32.add (local.get $arow) (local.get $sai)))
        (local.set $crow (i32.add (local.get $crow) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows1))))

  ;; op(B) into scratch as column panels, in the order matmul visits them (widths from $width):
  ;; the panel at column j, w wide, is k rows of w floats starting at scratch + 4·j·k, so
  ;; scratch[j·k + p·w + c] = B(p, j + c). Strides in bytes. Rows of 8 or 4 contiguous floats
  ;; (sbj = 4) move as 16-byte vectors; anything else one float at a time.
  (func $pack (param $b i32) (param $sbp i32) (param $sbj i32) (param $k i32) (param $n i32) (param $dst i32)
    (local $j i32) (local $w i32) (local $p i32) (local $c i32) (local $src i32) (local $col i32)
    (block $done
      (loop $panels
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $w (call $width (i32.sub (local.get $n) (local.get $j))))
        (local.set $src (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $sbj))))
        (local.set $p (local.get $k))
        (if (i32.and (i32.eq (local.get $sbj) (i32.const 4)) (i32.eq (local.get $w) (i32.const 8)))
          (then
            (loop $rows8
              (v128.store (local.get $dst) (v128.load (local.get $src)))
              (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $sbp)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
              (br_if $rows8 (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
          (else (if (i32.and (i32.eq (local.get $sbj) (i32.const 4)) (i32.eq (local.get $w) (i32.const 4)))
            (then
              (loop $rows4
                (v128.store (local.get $dst) (v128.load (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $sbp)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (br_if $rows4 (local.tee $p (i32.sub (local.get $p) (i32.const 1))))))
            (else
              (loop $rows
                (local.set $col (local.get $src))
                (local.set $c (local.get $w))
                (loop $cols
                  (f32.store (local.get $dst) (f32.load (local.get $col)))
                  (local.set $col (i32.add (local.get $col) (local.get $sbj)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                  (br_if $cols (local.tee $c (i32.sub (local.get $c) (i32.const 1)))))
                (local.set $src (i32.add (local.get $src) (local.get $sbp)))
                (br_if $rows (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))))))
        (local.set $j (i32.add (local.get $j) (local.get $w)))
        (br $panels))))

  ;; C[0:4, 0:8] = A[0:4, :] · B[:, 0:8]; ap: A(0, 0), bp: B(0, 0), cp: C(0, 0); strides in bytes
  (func $k4x8 (param $k i32) (param $ap i32) (param $sai i32) (param $sap i32)
              (param $bp i32) (param $sbp i32) (param $cp i32) (param $ldc i32)
    (local $o2 i32) (local $o3 i32) (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $o2 (i32.shl (local.get $sai) (i32.const 1)))
    (local.set $o3 (i32.add (local.get $o2) (local.get $sai)))
    (loop $p
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $x (v128.load32_splat (local.get $ap)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $ap) (local.get $sai))))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $ap) (local.get $o2))))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $ap) (local.get $o3))))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
      (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
      (br_if $p (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (v128.store (local.get $cp) (local.get $c00))
    (v128.store offset=16 (local.get $cp) (local.get $c01))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c10))
    (v128.store offset=16 (local.get $cp) (local.get $c11))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c20))
    (v128.store offset=16 (local.get $cp) (local.get $c21))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c30))
    (v128.store offset=16 (local.get $cp) (local.get $c31)))

  (func $k4x4 (param $k i32) (param $ap i32) (param $sai i32) (param $sap i32)
              (param $bp i32) (param $sbp i32) (param $cp i32) (param $ldc i32)
    (local $o2 i32) (local $o3 i32) (local $b0 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $o2 (i32.shl (local.get $sai) (i32.const 1)))
    (local.set $o3 (i32.add (local.get $o2) (local.get $sai)))
    (loop $p
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $c0 (f32x4.add (local.get $c0)
        (f32x4.mul (v128.load32_splat (local.get $ap)) (local.get $b0))))
      (local.set $c1 (f32x4.add (local.get $c1)
        (f32x4.mul (v128.load32_splat (i32.add (local.get $ap) (local.get $sai))) (local.get $b0))))
      (local.set $c2 (f32x4.add (local.get $c2)
        (f32x4.mul (v128.load32_splat (i32.add (local.get $ap) (local.get $o2))) (local.get $b0))))
      (local.set $c3 (f32x4.add (local.get $c3)
        (f32x4.mul (v128.load32_splat (i32.add (local.get $ap) (local.get $o3))) (local.get $b0))))
      (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
      (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
      (br_if $p (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (v128.store (local.get $cp) (local.get $c0))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c1))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c2))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c3)))

  (func $k4x1 (param $k i32) (param $ap i32) (param $sai i32) (param $sap i32)
              (param $bp i32) (param $sbp i32) (param $cp i32) (param $ldc i32)
    (local $o2 i32) (local $o3 i32) (local $y f32)
    (local $c0 f32) (local $c1 f32) (local $c2 f32) (local $c3 f32)
    (local.set $o2 (i32.shl (local.get $sai) (i32.const 1)))
    (local.set $o3 (i32.add (local.get $o2) (local.get $sai)))
    (loop $p
      (local.set $y (f32.load (local.get $bp)))
      (local.set $c0 (f32.add (local.get $c0) (f32.mul (f32.load (local.get $ap)) (local.get $y))))
      (local.set $c1 (f32.add (local.get $c1)
        (f32.mul (f32.load (i32.add (local.get $ap) (local.get $sai))) (local.get $y))))
      (local.set $c2 (f32.add (local.get $c2)
        (f32.mul (f32.load (i32.add (local.get $ap) (local.get $o2))) (local.get $y))))
      (local.set $c3 (f32.add (local.get $c3)
        (f32.mul (f32.load (i32.add (local.get $ap) (local.get $o3))) (local.get $y))))
      (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
      (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
      (br_if $p (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (f32.store (local.get $cp) (local.get $c0))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (f32.store (local.get $cp) (local.get $c1))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (f32.store (local.get $cp) (local.get $c2))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (f32.store (local.get $cp) (local.get $c3)))

  (func $k1x8 (param $k i32) (param $ap i32) (param $sap i32) (param $bp i32) (param $sbp i32) (param $cp i32)
    (local $x v128) (local $c0 v128) (local $c1 v128)
    (loop $p
      (local.set $x (v128.load32_splat (local.get $ap)))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $x) (v128.load (local.get $bp)))))
      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $bp)))))
      (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
      (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
      (br_if $p (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (v128.store (local.get $cp) (local.get $c0))
    (v128.store offset=16 (local.get $cp) (local.get $c1)))

  (func $k1x4 (param $k i32) (param $ap i32) (param $sap i32) (param $bp i32) (param $sbp i32) (param $cp i32)
    (local $c0 v128)
    (loop $p
      (local.set $c0 (f32x4.add (local.get $c0)
        (f32x4.mul (v128.load32_splat (local.get $ap)) (v128.load (local.get $bp)))))
      (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
      (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
      (br_if $p (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (v128.store (local.get $cp) (local.get $c0)))

  (func $k1x1 (param $k i32) (param $ap i32) (param $sap i32) (param $bp i32) (param $sbp i32) (param $cp i32)
    (local $c0 f32)
    (loop $p
      (local.set $c0 (f32.add (local.get $c0) (f32.mul (f32.load (local.get $ap)) (f32.load (local.get $bp)))))
      (local.set $ap (i32.add (local.get $ap) (local.get $sap)))
      (local.set $bp (i32.add (local.get $bp) (local.get $sbp)))
      (br_if $p (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (f32.store (local.get $cp) (local.get $c0))))
