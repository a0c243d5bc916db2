// Evaluated in a JupyterLab page (started with expose_app_in_browser): defines
// window.courseProbe, the functions lesson_check.py calls to drive one notebook and read what
// it shows. Everything is read from JupyterLab's own objects (the notebook model, each cell's
// widget and DOM node), not from menus or the screen.
(() => {
  const app = window.jupyterapp;

  // The controls a learner can act on: sliders (ipywidgets 8 draws them with noUiSlider) and
  // buttons. Toggle buttons and dropdowns are left out: acting on them need not change anything
  // (clicking the selected option). No ipywidgets 7 selectors: JupyterLab 4's widget manager
  // (jupyterlab_widgets 3) cannot load ipywidgets 7's models at all; every such widget shows
  // ipywidgets' error widget, which report() catches.
  const SLIDER = '.widget-slider .noUi-handle';
  const BUTTON = 'button.widget-button';
  const CONTROL_ROOT = '.widget-slider, button.widget-button';
  const WIDGET_FAILURES = ['Error displaying widget', 'Failed to load model class'];
  const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/bmp', 'image/webp'];
  const TRACEBACK = 'Traceback (most recent call last)';

  function panel(path) {
    for (const widget of app.shell.widgets('main')) {
      if (widget.context && widget.context.path === path && widget.content) {
        return widget;
      }
    }
    return null;
  }

  function kernelStatus(nb) {
    const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
    if (!kernel) {
      return 'none';
    }
    return kernel.connectionStatus === 'connected' ? kernel.status : kernel.connectionStatus;
  }

  // Cells are numbered from 1 over all cells, as JupyterLab's status bar counts them.
  function codeCells(nb) {
    return nb.content.widgets
      .map((cell, index) => ({ cell, index: index + 1 }))
      .filter(({ cell }) => cell.model.type === 'code');
  }

  function hasSource(cell) {
    return cell.model.sharedModel.getSource().trim() !== '';
  }

  function outputsOf(cell) {
    const list = [];
    for (let i = 0; i < cell.model.outputs.length; i++) {
      list.push(cell.model.outputs.get(i).toJSON());
    }
    return list;
  }

  // Outputs that JupyterLab shows as an image: its choice among each output's formats (a
  // widget view, for one, wins over an image/png fallback in the same output).
  function imageOutputs(nb, cell) {
    let count = 0;
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const output = cell.model.outputs.get(i);
      const shown = nb.content.rendermime.preferredMimeType(
        output.data, output.trusted ? 'any' : 'ensure');
      count += IMAGE_TYPES.includes(shown) ? 1 : 0;
    }
    return count;
  }

  // Printed tables too wide for the page: JupyterLab wraps long lines, which breaks a table's
  // columns apart (wrapped prose reads fine). A table line: text, two or more spaces, text.
  // Counts such lines longer than what fits, the longest one, and how many characters fit.
  function wrappedTables(area) {
    const found = { lines: 0, longest: 0, fits: 0 };
    const canvas = document.createElement('canvas').getContext('2d');
    for (const pre of area.querySelectorAll('.jp-RenderedText pre')) {
      canvas.font = getComputedStyle(pre).font;
      const fits = Math.floor(pre.clientWidth / canvas.measureText('0').width);
      const wide = pre.textContent.split('\n')
        .filter((line) => line.length > fits && /\S {2,}\S/.test(line));
      if (wide.length) {
        found.lines += wide.length;
        found.longest = Math.max(found.longest, ...wide.map((line) => line.length));
        found.fits = fits;
      }
    }
    return found;
  }

  // Code and output blocks wider than their box at the window's width, cell by cell:
  // - a code cell whose longest line does not fit its editor (the editor scrolls sideways);
  // - a printed line longer than its output area (JupyterLab wraps it, so it never scrolls:
  //   a table's columns break apart);
  // - a table, image or other output that scrolls its output area or reaches past it.
  // Lines are measured in the font they are drawn in, from the text: CodeMirror draws only the
  // lines near the screen. Each block: its cell, kind, first 60 characters, pixels too wide.
  function wideBlocks(nb) {
    const found = [];
    const canvas = document.createElement('canvas').getContext('2d');
    const longest = (text, font) => {
      canvas.font = font;
      return Math.max(0, ...text.split('\n').map((line) => canvas.measureText(line).width));
    };
    const innerRight = (el) => el.getBoundingClientRect().left + el.clientLeft + el.clientWidth;
    const words = (text) => text.replace(/\s+/g, ' ').trim().slice(0, 60);
    const add = (cell, kind, text, by, wraps = false) => {
      if (by > 1) found.push({ cell, kind, text: words(text), by: Math.round(by), wraps });
    };
    for (const { cell, index } of codeCells(nb)) {
      const source = cell.model.sharedModel.getSource();
      const scroller = cell.node.querySelector('.jp-InputArea-editor .cm-scroller');
      const line = cell.node.querySelector('.jp-InputArea-editor .cm-line');
      if (scroller && line) {
        const style = getComputedStyle(line);
        const start = line.getBoundingClientRect().left + parseFloat(style.paddingLeft);
        const room = innerRight(scroller) - parseFloat(style.paddingRight) - start;
        const drawn = scroller.scrollWidth - scroller.clientWidth;
        add(index, 'code', source, Math.max(drawn, longest(source, style.font) - room));
      }
      const area = cell.outputArea ? cell.outputArea.node : null;
      for (const output of area ? area.querySelectorAll('.jp-OutputArea-output') : []) {
        const before = found.length;
        const blocks = [...output.querySelectorAll('pre, table, img, svg')].filter(
          (block) => block.parentElement.closest('.jp-OutputArea-output') === output &&
            !block.parentElement.closest('pre, table, svg'));
        for (const block of blocks) {
          const right = block.getBoundingClientRect().right - innerRight(output);
          if (block.tagName === 'PRE') {
            const style = getComputedStyle(block);
            const room = block.clientWidth - parseFloat(style.paddingLeft) -
              parseFloat(style.paddingRight);
            add(index, 'output', block.textContent, longest(block.textContent, style.font) - room,
              style.whiteSpace !== 'pre');
          } else if (block.tagName === 'TABLE') {
            add(index, 'table', block.innerText, right);
          } else {
            const size = block.naturalWidth
              ? ` (${block.naturalWidth}x${block.naturalHeight} px)` : '';
            add(index, 'image', `image${size}`, right);
          }
        }
        if (found.length === before) {
          add(index, 'output', output.innerText, output.scrollWidth - output.clientWidth);
        }
      }
    }
    return found;
  }

  function insideWidget(node) {
    return node.closest('.jupyter-widgets') !== null;
  }

  // Widgets that failed to render, in words: ipywidgets 8 draws an error widget (its message
  // shows when clicked: done here, so the screenshot shows it too); others write a text.
  function widgetFailures(area) {
    const failures = [];
    for (const error of area.querySelectorAll('.jupyter-widgets-error-widget')) {
      if (error.classList.contains('icon-error')) {
        error.closest('.jupyter-widgets').click();
      }
      failures.push(error.textContent.replace(/\s+/g, ' ').trim().slice(0, 300));
    }
    const text = area.textContent;
    return failures.length ? failures : WIDGET_FAILURES.filter((words) => text.includes(words))
      .map((words) => `'${words}' on the page`);
  }

  // The last line of each Python traceback shown inside a widget (an Output widget shows the
  // exception of a callback run under it, e.g. by ipywidgets.interactive_output).
  function tracebacks(area) {
    return [...area.querySelectorAll('.widget-output')]
      .filter((output) => output.textContent.includes(TRACEBACK))
      .map((output) => output.innerText.trim().split('\n').pop());
  }

  // JupyterLab's log for the notebook: where a widget callback's exception goes when no Output
  // widget captures it. The registry is found among the application's plugins by its token's
  // name (no public API lists tokens); null if that ever stops working.
  async function logger(path) {
    const plugins = app.pluginRegistry && app.pluginRegistry._plugins;
    for (const data of plugins ? plugins.values() : []) {
      if (data.provides && data.provides.name === '@jupyterlab/logconsole:ILoggerRegistry') {
        const registry = await app.resolveOptionalService(data.provides);
        return registry ? registry.getLogger(path) : null;
      }
    }
    return null;
  }

  function dialogText() {
    const dialog = document.querySelector('.jp-Dialog');
    return dialog ? dialog.innerText.trim().replace(/\s+/g, ' ') : '';
  }

  // Mutations seen in output areas since the last call of watch(), outside the acted-on control.
  const watcher = {
    observer: null, control: null, count: 0, last: 0, kernel: null, busy: 0, onStatus: null,
  };

  window.courseProbe = {
    // Where the notebook stands after loading: shown, kernel status, any dialog on top.
    status(path) {
      const nb = panel(path);
      return {
        open: nb !== null && nb.context.isReady && nb.sessionContext.isReady,
        kernel: nb ? kernelStatus(nb) : 'none',
        dialog: dialogText(),
      };
    },

    // Start "Run All Cells" on the notebook (made the current one first); returns at once.
    runAll(path) {
      const nb = panel(path);
      app.shell.activateById(nb.id);
      app.shell.collapseLeft();
      window.courseRun = { settled: false, error: '' };
      app.commands.execute('notebook:run-all-cells').then(
        () => { window.courseRun.settled = true; },
        (err) => { window.courseRun.settled = true; window.courseRun.error = String(err); },
      );
    },

    // How far the run is: cells with an execution count, cells still running, kernel status.
    progress(path) {
      const nb = panel(path);
      const cells = codeCells(nb).filter(({ cell }) => hasSource(cell));
      return {
        settled: window.courseRun.settled,
        runError: window.courseRun.error,
        kernel: kernelStatus(nb),
        cells: cells.length,
        executed: cells.filter(({ cell }) => cell.model.executionCount !== null).length,
        running: cells.filter(({ cell }) => cell.model.executionState === 'running').length,
        errors: cells.filter(({ cell }) => outputsOf(cell).some((o) => o.output_type === 'error'))
          .length,
        dialog: dialogText(),
      };
    },

    // Images not decoded yet, and widget views still loading: what to wait for after a run.
    pending(path) {
      const node = panel(path).content.node;
      const images = [...node.querySelectorAll('.jp-OutputArea img')];
      return {
        images: images.filter((img) => !img.complete).length,
        loadingWidgets: [...node.querySelectorAll('.jp-OutputArea')].filter(
          (area) => area.textContent.includes('Loading widget...')).length,
      };
    },

    // Everything the checks need, cell by cell (code cells only; index = cell number from 0).
    report(path) {
      const nb = panel(path);
      return codeCells(nb).map(({ cell, index }) => {
        const outputs = outputsOf(cell);
        const area = cell.outputArea ? cell.outputArea.node : cell.node;
        const images = [...area.querySelectorAll('.jp-RenderedImage img')];
        return {
          index,
          source: cell.model.sharedModel.getSource().slice(0, 80),
          hasSource: hasSource(cell),
          executionCount: cell.model.executionCount,
          errors: outputs.filter((o) => o.output_type === 'error')
            .map((o) => `${o.ename}: ${o.evalue}`),
          imageOutputs: imageOutputs(nb, cell),
          imagesShown: images.filter((img) => !insideWidget(img)).length,
          widgetImages: images.filter((img) => insideWidget(img)).length,
          undecodedImages: images.filter((img) => !(img.complete && img.naturalWidth > 0)).length,
          widgetFailures: widgetFailures(area),
          loadingWidgets: area.textContent.includes('Loading widget...'),
          widgetTracebacks: tracebacks(area),
          wrappedTables: wrappedTables(area),
        };
      });
    },

    // Every code cell's outputs as JupyterLab holds them (nbformat JSON), in order: what the
    // notebook check compares with the stored notebook (output_check.py).
    outputs(path) {
      return codeCells(panel(path)).map(({ cell }) => outputsOf(cell));
    },

    // The code and output blocks too wide for their box (wideBlocks above).
    wideBlocks(path) {
      return wideBlocks(panel(path));
    },

    // The errors in JupyterLab's log for the notebook ("ename: evalue"); null if unreadable.
    async loggedErrors(path) {
      const log = await logger(path);
      if (!log) {
        return null;
      }
      const errors = [];
      for (let i = 0; i < log.outputAreaModel.length; i++) {
        const message = log.outputAreaModel.get(i).toJSON();
        if (message.output_type === 'error') {
          errors.push(`${message.ename}: ${message.evalue}`);
        }
      }
      return errors;
    },

    // Mark every enabled control with data-course-control="<n>"; describe each one.
    controls(path) {
      const nb = panel(path);
      const found = [];
      nb.content.widgets.forEach((cell, position) => {
        const index = position + 1;
        const handles = [...cell.node.querySelectorAll(SLIDER)];
        const buttons = [...cell.node.querySelectorAll(BUTTON)].filter((b) => !b.disabled);
        for (const element of [...handles, ...buttons]) {
          const root = element.closest(CONTROL_ROOT);
          if (root.classList.contains('mod-disabled') || root.closest('.mod-disabled')) {
            continue;
          }
          const id = String(found.length);
          element.setAttribute('data-course-control', id);
          const isButton = element.matches(BUTTON);
          const label = isButton ? element : root.querySelector('.widget-label');
          found.push({
            id,
            cell: index,
            kind: isButton ? 'button' : 'slider',
            label: (label ? label.textContent : '').trim() || '(no label)',
          });
        }
      });
      return found;
    },

    // Start counting mutations in the notebook's output areas, outside control <id>, and the
    // times the kernel turns busy (it has received a message: the control's new value, say).
    watch(path, id) {
      if (watcher.observer) {
        watcher.observer.disconnect();
        watcher.kernel.statusChanged.disconnect(watcher.onStatus);
      }
      watcher.kernel = panel(path).sessionContext.session.kernel;
      watcher.busy = 0;
      watcher.onStatus = (_, status) => { watcher.busy += status === 'busy' ? 1 : 0; };
      watcher.kernel.statusChanged.connect(watcher.onStatus);
      const node = panel(path).content.node;
      const control = node.querySelector(`[data-course-control="${id}"]`);
      watcher.control = control.closest(CONTROL_ROOT);
      watcher.count = 0;
      watcher.last = performance.now();
      watcher.observer = new MutationObserver((records) => {
        for (const record of records) {
          const target = record.target.nodeType === 1 ? record.target : record.target.parentNode;
          if (target && target.closest('.jp-OutputArea') && !watcher.control.contains(target)) {
            watcher.count += 1;
            watcher.last = performance.now();
          }
        }
      });
      watcher.observer.observe(node, {
        subtree: true, childList: true, attributes: true, characterData: true,
      });
    },

    // Mutations and busy kernel turns counted since watch(), milliseconds since the last
    // mutation, and the kernel status.
    changes(path) {
      return {
        count: watcher.count,
        busy: watcher.busy,
        quietMs: performance.now() - watcher.last,
        kernel: kernelStatus(panel(path)),
      };
    },

    // Scroll the notebook to its top; its full height in pixels beyond what is visible now
    // (how much taller the window must be for a whole-notebook screenshot).
    toTop(path) {
      if (!panel(path)) {
        return 0;
      }
      const node = panel(path).content.node;
      const scroller = node.querySelector('.jp-WindowedPanel-outer') || node;
      scroller.scrollTop = 0;
      return Math.max(0, scroller.scrollHeight - scroller.clientHeight);
    },
  };
})();
