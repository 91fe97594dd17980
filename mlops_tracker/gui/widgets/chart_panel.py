"""A chart card: one matplotlib canvas kept for the panel's life, values on hover, export to a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backend_bases import LocationEvent, MouseEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QCursor, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from mlops_tracker.charts.export import new_figure, save_figure
from mlops_tracker.charts.hover import describe_point
from mlops_tracker.charts.theme import LIGHT, ChartTheme, text_colour_on
from mlops_tracker.domain.errors import UserError
from mlops_tracker.gui.bridge import show_error
from mlops_tracker.gui.numbers import NOTATION

Draw = Callable[[Axes, ChartTheme], None]

EXPORT_FILTERS = {
    "PNG image (*.png)": ".png",
    "SVG drawing (*.svg)": ".svg",
    "PDF document (*.pdf)": ".pdf",
}
EXPORT_SIZE = (9.0, 5.0)  # inches: the exported file does not depend on the window's size
HOVER_HINT = "Point at the chart to read its values."


class RangeSelector(QWidget):
    """Three toggle buttons choosing how much time a chart shows: 30 days, 90 days or all of it."""

    range_changed = Signal(object)  # int days, or None for all

    CHOICES: tuple[tuple[str, int | None], ...] = (("30 days", 30), ("90 days", 90), ("All", None))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int | None, QToolButton] = {}
        for index, (text, days) in enumerate(self.CHOICES):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(f"Show {text.lower()}" if days else "Show all of the history")
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.group.addButton(button, index)
            layout.addWidget(button)
            self.buttons[days] = button
        self.buttons[None].setChecked(True)
        self.group.idClicked.connect(self._on_clicked)

    def days(self) -> int | None:
        """Return the chosen span in days, or None for all of it."""
        return self.CHOICES[max(self.group.checkedId(), 0)][1]

    def set_days(self, days: int | None) -> None:
        """Choose a span (30, 90 or None for all) as if its button were clicked."""
        self.buttons[days].click()

    def _on_clicked(self, index: int) -> None:
        self.range_changed.emit(self.CHOICES[index][1])


class ChartCanvas(FigureCanvasQTAgg):
    """A canvas that renders only while on screen, bringing its chart up to date first.

    A chart scrolled out of view (or on a hidden page) keeps `render_pending` and renders when Qt next
    paints it, so a change redraws only what can be seen.
    """

    def __init__(self, figure: Figure, prepare: Callable[[], None], exposed: Callable[[], bool]) -> None:
        super().__init__(figure)
        self._prepare = prepare
        self._exposed = exposed
        self.render_pending = True

    def draw(self) -> None:
        """Render the figure now if it is on screen, else when it is next painted."""
        if not self._exposed():
            self.render_pending = True
            return
        self.render_pending = False
        self._prepare()
        super().draw()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.render_pending:
            self.render_pending = False
            self._prepare()
            FigureCanvasAgg.draw(self)  # render without asking for another paint: this is the paint
        super().paintEvent(event)


class ChartPanel(QFrame):
    """A card with controls, one chart and a line telling the value under the cursor.

    `draw(ax, theme)` draws the chart from data its owner keeps; `redraw()` clears the axes and calls it,
    and export draws it again on a figure of its own so the file does not depend on the window's size.
    """

    exported = Signal(str)  # the path a chart was saved to

    def __init__(
        self,
        name: str,
        draw: Draw,
        *,
        height: int | Callable[[int], int] = 300,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self._draw = draw
        self.theme: ChartTheme = LIGHT
        self.setObjectName("chartPanel")
        self.setFrameShape(QFrame.Shape.NoFrame)

        self.figure = Figure(layout="constrained")
        self.canvas = ChartCanvas(self.figure, self.ensure_drawn, self.is_exposed)
        self.axes = self.figure.add_subplot()
        self.stale = True  # the axes do not show the owner's data yet
        self.draws = 0  # how many times the chart was drawn from its data (tests and benchmarks)
        # a fixed height, or one that follows the width (a calendar keeps its square cells)
        self._height_for_width = height if callable(height) else None
        self.canvas.setFixedHeight(height(600) if callable(height) else height)
        self.canvas.setMinimumWidth(280)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.canvas.setAccessibleName(f"{name} chart")
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("figure_leave_event", self._on_leave)
        self.canvas.mpl_connect("resize_event", lambda _event: self._lay_out_next_draw())
        self.canvas.mpl_connect("draw_event", lambda _event: self._freeze_layout())
        self._layout_pending = True

        self.controls = QHBoxLayout()
        self.controls.setSpacing(8)
        self._controls_added = 0
        self.controls.addStretch(1)
        self.export_button = QPushButton("Export chart…")
        self.export_button.setToolTip(f"Save the {name.lower()} chart as PNG, SVG or PDF")
        self.export_button.clicked.connect(self.export)
        self.controls.addWidget(self.export_button)

        self.hover_label = QLabel(HOVER_HINT)
        self.hover_label.setObjectName("chartHover")
        self.hover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(4)
        layout.addLayout(self.controls)
        layout.addWidget(self.canvas)
        layout.addWidget(self.hover_label)
        self._hover_text: str | None = None
        self._apply_colours()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._height_for_width is not None:
            margins = self.contentsMargins().left() + self.contentsMargins().right()
            width = self.layout().contentsRect().width() or event.size().width() - margins
            self.canvas.setFixedHeight(self._height_for_width(width))

    # ---- drawing -----------------------------------------------------------------------------

    def add_control(self, widget: QWidget, label: str = "") -> None:
        """Put a control (with an optional caption) in the header, left of the export button."""
        # the controls come first, then the stretch and the export button
        if label:
            caption = QLabel(label)
            caption.setBuddy(widget)
            self.controls.insertWidget(self._controls_added, caption)
            self._controls_added += 1
        self.controls.insertWidget(self._controls_added, widget)
        self._controls_added += 1

    def set_theme(self, theme: ChartTheme) -> None:
        """Use light or dark colours from the next redraw on."""
        if theme != self.theme:
            self.theme = theme
            self._apply_colours()

    def is_exposed(self) -> bool:
        """Return whether any of the chart is on screen (not hidden, not scrolled out of view)."""
        return self.canvas.isVisible() and not self.canvas.visibleRegion().isEmpty()

    def redraw(self, *, relayout: bool = False) -> None:
        """Draw the chart again from its owner's data; out of view, wait until it is painted.

        `relayout` asks for the layout to be worked out again (new labels, legend or titles); a data
        change alone keeps the margins, which saves most of a draw's time.
        """
        if relayout:
            self._lay_out_next_draw()
        self.stale = True
        if self.is_exposed():
            self.ensure_drawn()
            self.canvas.draw_idle()
        else:
            self.canvas.render_pending = True

    def ensure_drawn(self) -> None:
        """Put the owner's data on the axes now if it is not there yet (no rendering)."""
        if not self.stale:
            return
        self.stale = False
        self.draws += 1
        self.axes.clear()
        self._draw(self.axes, self.theme)
        self._hover_text = None

    def update_in_place(self, update: Callable[[Axes], bool]) -> None:
        """Let `update(ax)` change the drawn artists (cheaper than drawing again); if it cannot, redraw."""
        if self.stale or not update(self.axes):
            self.redraw()
        elif self.is_exposed():
            self.canvas.draw_idle()
        else:
            self.canvas.render_pending = True

    def _lay_out_next_draw(self) -> None:
        """Let constrained layout place the axes at the next draw (after a resize or new labels)."""
        if not self._layout_pending:
            self._layout_pending = True
            self.figure.set_layout_engine("constrained")

    def _freeze_layout(self) -> None:
        """Keep the margins just computed: later data-only draws skip the layout pass."""
        if self._layout_pending:
            self._layout_pending = False
            self.figure.set_layout_engine("none")

    def _apply_colours(self) -> None:
        """Give the card the chart's background so the figure and its frame read as one."""
        theme = self.theme
        self.setStyleSheet(
            f"QFrame#chartPanel {{ background: {theme.background}; border: 1px solid {theme.grid};"
            " border-radius: 8px; }"
            f" QFrame#chartPanel QLabel {{ color: {theme.foreground}; background: transparent; }}"
            f" QLabel#chartHover {{ color: {theme.muted}; }}"
            # the range buttons read as one segmented control, the chosen one in the chart's colour
            f" QFrame#chartPanel QToolButton {{ color: {theme.foreground}; background: transparent;"
            f" border: 1px solid {theme.grid}; padding: 3px 9px; }}"
            f" QFrame#chartPanel QToolButton:hover {{ border-color: {theme.muted}; }}"
            f" QFrame#chartPanel QToolButton:checked {{ background: {theme.readiness};"
            f" color: {text_colour_on(theme.readiness)}; border-color: {theme.readiness}; }}"
        )

    # ---- hover -------------------------------------------------------------------------------

    def describe(self, x: float, y: float) -> str | None:
        """Return what the chart shows at a point in data coordinates."""
        return describe_point(self.axes, x, y, NOTATION)

    def _on_motion(self, event: MouseEvent) -> None:
        if event.inaxes is not self.axes or event.xdata is None or event.ydata is None:
            self._show_hover(None)
            return
        self._show_hover(self.describe(event.xdata, event.ydata))

    def _on_leave(self, _event: LocationEvent) -> None:
        self._show_hover(None)

    def _show_hover(self, text: str | None) -> None:
        if text == self._hover_text:
            return
        self._hover_text = text
        self.hover_label.setText(text or HOVER_HINT)
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()

    # ---- export ------------------------------------------------------------------------------

    def default_file_name(self) -> str:
        """Return the suggested file name, e.g. "readiness.png"."""
        return f"{self.name.lower().replace(' ', '-')}.png"

    def export_figure(self) -> Figure:
        """Return the chart drawn on a figure of its own, at the export size."""
        fig = new_figure(*EXPORT_SIZE)
        self._draw(fig.add_subplot(), self.theme)
        return fig

    def export(self) -> None:
        """Ask where to save the chart and save it as PNG, SVG or PDF."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, selected = QFileDialog.getSaveFileName(
            self,
            f"Export the {self.name.lower()} chart",
            str(Path(folder) / self.default_file_name()),
            ";;".join(EXPORT_FILTERS),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in EXPORT_FILTERS.values():
            path = path.with_name(path.name + EXPORT_FILTERS.get(selected, ".png"))
        try:
            save_figure(self.export_figure(), path)
        except UserError as error:
            show_error(self, str(error))
            return
        except OSError as error:
            show_error(self, f"Could not save '{path.name}': {error.strerror or error}.")
            return
        self.exported.emit(str(path))
