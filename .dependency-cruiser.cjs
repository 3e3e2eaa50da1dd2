/**
 * The dependency rule of ARCHITECTURE.md §1, as a check (`npm run lint:deps`, part of `npm run lint`):
 * modules use the kernel, config and lib only, never each other; the kernel never reaches into modules, the admin
 * shell or the simulator; the simulator and the conformance kit are reached only from bootstrap.
 */
module.exports = {
  forbidden: [
    {
      name: 'module-imports-outside-kernel-config-lib',
      comment: 'A module may import the kernel, config and lib only (and itself).',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/', pathNot: ['^src/modules/$1/', '^src/kernel/', '^src/config/', '^src/lib/'] },
    },
    {
      name: 'kernel-imports-modules-admin-simulator',
      comment: 'The kernel imports neither modules, the admin shell nor the simulator.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: ['^src/modules/', '^src/admin/', '^src/simulator/', '^src/conformance/'] },
    },
    {
      name: 'simulator-or-conformance-outside-bootstrap',
      comment: 'src reaches the simulator and the conformance kit only from bootstrap (they are tools, not the product).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/bootstrap/', '^src/simulator/', '^src/conformance/'] },
      to: { path: ['^src/simulator/', '^src/conformance/'] },
    },
    {
      name: 'kernel-area-through-index',
      comment: 'Outside a kernel area, the area is imported only through its index.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/kernel/' },
      to: { path: '^src/kernel/[^/]+/.+', pathNot: '^src/kernel/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
