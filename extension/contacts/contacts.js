// Contacts: the user's network and what each person cares about — the input every suggestion depends on. The page
// holds four features, each in its own module: the list, the editor (with the suggested interests it reviews), the
// import, and duplicates. This file only wires them together and follows the page's address (#overdue, #import).
import { $, setStatus } from './page.js';
import { wireList, selectTab, load, reload } from './list.js';
import { wireEditor } from './editor.js';
import { wireImport } from './import.js';
import { wireDuplicates } from './duplicates.js';

document.addEventListener('DOMContentLoaded', () => {
  wireList();
  wireEditor({ onSaved: load });
  wireImport({ onChanged: reload });
  wireDuplicates({ onMerged: load });

  if (location.hash === '#overdue') selectTab('overdue');
  else load();
  // From the first run's "Import a LinkedIn file": a file picker may only open on a click here, so point at it.
  if (location.hash === '#import') {
    setStatus('Choose the Connections.csv from your LinkedIn data copy: you see a preview before anything is saved.');
    $('import').focus();
  }
});
