export declare function widgetBuildState(widget?: string): 'missing' | 'stale' | 'fresh'
export declare function ensureWidget(widget?: string): boolean
