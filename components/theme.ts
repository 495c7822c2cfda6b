// Dark mode: the reader's choice in localStorage, applied as <html data-theme> before first paint.
export const THEME_KEY = 'onramp-theme';

/** Static text of the inline <head> script (the server hashes it for the CSP, so it never varies). */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem('${THEME_KEY}');if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch(e){}`;
