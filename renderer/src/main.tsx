import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api';
import { Root } from './Root';
import './styles.css';

const connection = connect();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root api={connection.api} />
  </StrictMode>,
);
