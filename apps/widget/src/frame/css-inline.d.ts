/** `import css from './x.css?inline'`: the bundler hands the style sheet as a string (privacy.tsx). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
