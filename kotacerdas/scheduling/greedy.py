"""First-fit greedy baseline: what a careful person with a spreadsheet would do, for the benchmark.

Regions are taken in the problem's order (no cleverness such as most-restricted-first). Each goes into the first
free cell, in (day, room, slot) order, that its hard windows allow and whose room-block panel can take it:

- the block (day, room, block) has no panel yet: one is formed from ``min_panel_size`` evaluators who are not in
  conflict with the region, are available for the cell, and sit on no other room's panel (nor on a pinned
  session) in the same day and block; those with the fewest panels so far first; the first member chairs;
- the block has a panel: no member may be in conflict with the region and every member must be available for
  the cell.

Cells of pinned sessions are not free, and their evaluators are busy for the day and block(s) of the session.
A region that fits nowhere goes to ``Solution.unplaced``. Greedy never goes back on a choice, so it can leave
regions unplaced on instances a solver schedules completely.
"""

from kotacerdas.scheduling.problem import Problem, Solution


def first_fit(problem: Problem) -> Solution:
    grid = problem.grid
    solution = Solution()
    free = problem.free_cells()
    taken = set()
    busy = {}  # (day, block) -> evaluator ids on a panel or a pinned session then
    for f in problem.fixed:
        blocks = {grid.block_of_time(f.starts)}
        blocks |= {
            grid.blocks[t]
            for t, start in enumerate(grid.starts)
            if start < f.ends and f.starts < grid.ends(t)
        }
        for b in blocks - {None}:
            busy.setdefault((f.day, b), set()).update(f.evaluators)
    load = {e.id: 0 for e in problem.evaluators}
    position = {e.id: i for i, e in enumerate(problem.evaluators)}
    windows = {e.id: e.windows for e in problem.evaluators}

    for region in problem.regions:
        for cell in free:
            if cell in taken or not problem.fits(region.windows, cell):
                continue
            d, r, t = cell
            key = (d, r, grid.blocks[t])
            panel = solution.panels.get(key)
            if panel is None:
                if problem.min_panel_size <= 0:
                    panel = ()
                else:
                    candidates = sorted(
                        (
                            e.id
                            for e in problem.evaluators
                            if (e.id, region.id) not in problem.conflicts
                            and problem.fits(e.windows, cell)
                            and e.id not in busy.get((d, key[2]), ())
                        ),
                        key=lambda e: (load[e], position[e]),
                    )
                    if len(candidates) < problem.min_panel_size:
                        continue
                    panel = tuple(candidates[: problem.min_panel_size])
                    solution.panels[key] = panel
                    solution.chairs[key] = panel[0]
                    busy.setdefault((d, key[2]), set()).update(panel)
                    for e in panel:
                        load[e] += 1
            elif any(
                (e, region.id) in problem.conflicts or not problem.fits(windows[e], cell) for e in panel
            ):
                continue
            solution.placements[region.id] = cell
            taken.add(cell)
            break
        else:
            solution.unplaced.append(region.id)
    # Solutions name a panel per session: each session gets its block's panel.
    block_panels, block_chairs = solution.panels, solution.chairs
    solution.panels, solution.chairs = {}, {}
    for cell in solution.placements.values():
        key = (cell[0], cell[1], grid.blocks[cell[2]])
        if block_panels.get(key):
            solution.panels[cell] = block_panels[key]
            solution.chairs[cell] = block_chairs[key]
    return solution
