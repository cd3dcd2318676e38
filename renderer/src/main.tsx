import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './grid';
import './styles.css';
import './tools.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
