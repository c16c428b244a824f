import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import fs from 'node:fs'
import path from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

/** Writes .br and .gz beside every text asset so the server sends precompressed files (the platform's zlib). */
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'ana-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]))
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|json|svg|webmanifest|txt)$/.test(file)) continue
        const data = fs.readFileSync(file)
        if (data.length < 1024) continue
        fs.writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }))
        fs.writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
      }
    },
  }
}

/**
 * Emits /sw.js from client/service-worker.js with the runner's own files (its entry, the chunks it imports and its
 * CSS) written in as the precache list, so a kiosk works offline after one visit. Staff chunks are left out.
 */
function runnerServiceWorker(): Plugin {
  return {
    name: 'ana-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = new Set<string>()
      const visit = (name: string) => {
        const chunk = bundle[name]
        if (!chunk || chunk.type !== 'chunk' || files.has(`/${name}`)) return
        files.add(`/${name}`)
        chunk.imports.forEach(visit)
        // The survey itself is loaded after the first screen (client/runner/survey-loader.ts): offline needs it too.
        chunk.dynamicImports.forEach(visit)
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(`/${css}`)
      }
      for (const [name, chunk] of Object.entries(bundle)) if (chunk.type === 'chunk' && chunk.isEntry && chunk.name === 'runner') visit(name)
      const list = [...files].sort()
      const version = list.map((f) => f.split('-').pop()).join('').replace(/[^A-Za-z0-9]/g, '').slice(0, 24)
      const source = fs
        .readFileSync(path.resolve(import.meta.dirname, 'client/service-worker.js'), 'utf8')
        .replace('self.__ANA_PRECACHE__', JSON.stringify(list))
        .replace('self.__ANA_VERSION__', JSON.stringify(version))
      this.emitFile({ type: 'asset', fileName: 'sw.js', source })
    },
  }
}

export default defineConfig({
  root: 'client',
  plugins: [react(), runnerServiceWorker(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        runner: path.resolve(import.meta.dirname, 'client/runner.html'),
        admin: path.resolve(import.meta.dirname, 'client/admin.html'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/docs': 'http://localhost:3000' },
  },
})
