// Test environment for jsdom: jest-dom matchers, the browser APIs antd expects, and a clean
// slate between tests (language, storage, Tauri IPC mocks).
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import i18n from '../i18n';
import { clearCoreMocks } from '../platform/testing';

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, 'ResizeObserver', { value: ResizeObserverStub, writable: true });
}

// jsdom has no layout; antd only needs the call to succeed.
window.scrollTo = () => undefined;

// jsdom computes a style by matching every rule of every <style> element against the element,
// and antd's CSS-in-JS injects hundreds of rules and asks for computed styles on each render
// (scroll bars, motion, measurement): that was two thirds of the whole Vitest run. No test here
// asserts on layout or computed visibility, so an element's computed style is its inline style
// (what antd and rc-motion set to hide or place things); pseudo-elements keep jsdom's answer.
{
  const computed = window.getComputedStyle.bind(window);
  window.getComputedStyle = ((element: Element, pseudoElement?: string | null) =>
    pseudoElement || !(element instanceof HTMLElement)
      ? computed(element, pseudoElement)
      : element.style);
}

beforeEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});

afterEach(() => {
  cleanup();
  clearCoreMocks();
});
