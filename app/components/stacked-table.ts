// Tables that become stacked cards below the lg breakpoint: each row is a card, and each cell
// shows its column name from its `data-label` attribute before the value.

export const STACKED_ROW_CLASS =
  "max-lg:block max-lg:rounded-lg max-lg:border max-lg:border-slate-200 max-lg:bg-white max-lg:py-2 max-lg:shadow-sm lg:border-t lg:border-slate-100";

export const STACKED_CELL_CLASS =
  "max-lg:flex max-lg:justify-between max-lg:gap-3 max-lg:before:shrink-0 max-lg:before:font-medium max-lg:before:text-slate-500 max-lg:before:content-[attr(data-label)]";
