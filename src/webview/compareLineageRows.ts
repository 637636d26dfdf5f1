// The lineage rows of the take details (draft → final): which draft a final was promoted from,
// and which finals a draft became. Plain text rows for the player's metadata list.
import type { Lineage } from '../shared/protocol';
import { fill, type PanelStrings } from '../shared/strings';

export function lineageRows(lineage: Lineage | undefined, s: PanelStrings): Array<[string, string]> {
  if (!lineage) return [];
  const rows: Array<[string, string]> = [];
  const from = lineage.derivedFrom;
  if (from) rows.push([s.lineageFrom, from.found ? from.path : fill(s.lineageGone, from.path)]);
  if (lineage.finals.length > 0) rows.push([s.lineageFinals, lineage.finals.join(', ')]);
  return rows;
}
