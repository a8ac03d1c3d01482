// The console's entry (index.html): defines <console-app> and its screens.
import './app.js'
