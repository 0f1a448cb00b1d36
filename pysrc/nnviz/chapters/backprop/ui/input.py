"""Pointer and keyboard on the picture: picking a parameter (focus), the roving tab stop, the
arrow keys, click or Enter to edit in place, hover for exact values. A mixin of the Chapter:
it reads ``self.snap``, ``self.picture``, ``self.editor`` and sets ``self.picked`` / ``self._hover``.
"""

from __future__ import annotations


class PictureInput:
    def _param_index(self, target) -> int | None:
        el = target.closest(".param") if hasattr(target, "closest") else None
        eid = getattr(el, "id", None)  # closest() gives JS null (not None) when nothing matches
        return None if eid is None else self._ids.get(str(eid))

    def _on_focus(self, event) -> None:
        i = self._param_index(event.target)
        if i is not None and i != self.picked:
            self.picked = i
            self.invalidate("pick", now=True)
        elif i is not None:
            self.invalidate("pick")

    def _on_click(self, event) -> None:
        i = self._param_index(event.target)
        if i is None:
            return
        self._focus_param(i)
        self.editor.open(self.picture.element(self.snap.params[i].element_id), self.snap.params[i].name,
                         self.snap.w[i], i)

    def _on_key(self, event) -> None:
        i = self._param_index(event.target)
        if i is None:
            return
        key, n = str(event.key), len(self.snap.params)
        moves = {"ArrowRight": i + 1, "ArrowDown": i + 1, "ArrowLeft": i - 1, "ArrowUp": i - 1, "Home": 0,
                 "End": n - 1}
        if key in moves:
            event.preventDefault()
            self._focus_param(max(0, min(n - 1, moves[key])))
        elif key in ("Enter", " ", "F2"):
            event.preventDefault()
            p = self.snap.params[i]
            self.editor.open(self.picture.element(p.element_id), p.name, self.snap.w[i], i)
        elif key == "Escape":
            event.target.blur()

    def _focus_param(self, i: int) -> None:
        """Roving tabindex: the picked parameter is the picture's one tab stop."""
        current = self.picture.svg.querySelector('.param[tabindex="0"]')
        target = self.picture.element(self.snap.params[i].element_id)
        if current is not None and current is not target:
            current.setAttribute("tabindex", "-1")
        target.setAttribute("tabindex", "0")
        target.focus()
        if i != self.picked:
            self.picked = i
            self.invalidate("pick", now=True)

    def _commit_edit(self, index: int, value: float) -> None:
        w = list(self.state.w)
        w[index] = value
        self.set_state(w=tuple(w))

    def _on_hover(self, event) -> None:
        target = event.target
        el = target.closest(".param, .neuron") if hasattr(target, "closest") else None
        eid = getattr(el, "id", None)
        self._set_hover("" if eid is None else str(eid))

    def _set_hover(self, eid: str) -> None:
        if eid != self._hover:
            self._hover = eid
            self.invalidate("hover", now=True)


    def _roving_to(self, i: int) -> None:
        for el in self.picture.svg.querySelectorAll('.param[tabindex="0"]'):
            el.setAttribute("tabindex", "-1")
        self.picture.element(self.snap.params[i].element_id).setAttribute("tabindex", "0")
